"""The files the app ships (migrations, seed data, translations, fonts, icons), found with ``importlib.resources``.

An installed wheel or a PyInstaller bundle has no source tree beside it: the code names every file it reads by
its place inside the package (``showroom_pos/db/…``, ``showroom_pos/resources/…``), as
``package_data.path("db", "seed", "demo_catalogue.json")`` with literal parts. ``tests/test_package_data.py``
collects those calls from the source and checks that each one is in the built wheel;
``python -m showroom_pos.package_data`` checks an installed copy the same way.

A missing file is an incomplete installation: ``MissingResource`` says which file and what to do, never a
silent fallback. Alembic, Pillow and ``lrelease`` want real files, so the package must be installed as
files (a wheel, an editable install or a one-folder bundle all are), not imported from a zip.
"""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path

from showroom_pos.core.errors import UserError

PACKAGE = "showroom_pos"


class MissingResource(UserError):
    message = ("The installation of OCOP Showroom POS is incomplete: {resource} is missing ({where}). "
               "Reinstall the app.")


class UnusableResource(UserError):
    message = "A file of OCOP Showroom POS ({resource}) cannot be used: {detail}. Reinstall the app."


def path(*parts: str) -> Path:
    """The shipped file or folder ``showroom_pos/<parts…>`` on disk; ``MissingResource`` if it is not there."""
    where = files(PACKAGE).joinpath(*parts)
    name = "/".join((PACKAGE, *parts))
    if not isinstance(where, Path):
        raise MissingResource(resource=name, where=f"the package is not installed as files: {where}")
    if not where.exists():
        raise MissingResource(resource=name, where=str(where))
    return where


def declared(root: Path) -> list[tuple[str, ...]]:
    """Every ``path(...)`` call in the package's source under ``root``, as its literal parts.

    A call whose parts are not all string literals is reported as ``("<not literal>", file)``: a name only
    known at run time cannot be checked against a wheel, so the test refuses it."""
    import ast  # only for checks: not on the way to the PIN screen

    found: list[tuple[str, ...]] = []
    for source in sorted(root.rglob("*.py")):
        if "db" in source.relative_to(root).parts[:1]:
            continue  # the migrations themselves
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            named = (isinstance(func, ast.Attribute) and func.attr == "path"
                     and isinstance(func.value, ast.Name) and func.value.id == "package_data")
            if not named:
                continue
            if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args) and node.args:
                found.append(tuple(str(a.value) for a in node.args))  # type: ignore[attr-defined]
            else:
                found.append(("<not literal>", str(source.relative_to(root))))
    return found


def main() -> int:
    """Check an installed copy: every file the code loads is there (the CI's wheel smoke runs this)."""
    root = Path(str(files(PACKAGE)))
    wanted = declared(root)
    missing = []
    for parts in wanted:
        try:
            path(*parts)
        except MissingResource as exc:
            missing.append(str(exc))
    for line in missing:
        print(line, file=sys.stderr)
    print(f"{len(wanted) - len(missing)} of {len(wanted)} shipped files found in {root}")
    return 1 if missing or not wanted else 0


if __name__ == "__main__":
    sys.exit(main())
