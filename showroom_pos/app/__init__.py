"""Composition root: paths, settings, translators, engine, services, main window, CLI."""
