"""Headless subcommands of ``showroom-pos``; each module has ``register(subparsers)``."""
