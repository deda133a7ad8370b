"""The province collection server."""
