"""Translations: Vietnamese by default, English selectable.

The Vietnamese catalogue ``showroom_pos/resources/i18n/showroom_vi.ts`` is compiled with PySide6's
``lrelease`` into the user cache the first time it is needed (and again whenever the .ts is newer), so a
wheel needs no build step of its own. A bundle (``tools/build_app.py``) ships the compiled ``.qm`` instead,
since it carries no ``lrelease``. A catalogue that is missing or cannot be compiled is an error that says
so, never a silent fall back to English.

PySide6 is imported only when a catalogue is installed, so that importing this module (every command
does, for ``error_text``) does not load Qt by itself; where Qt is first imported, its import hook is
lightened at once (``qt_imports``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_cache_dir

from showroom_pos import package_data
from showroom_pos.core.errors import UserError
from showroom_pos.core.money import format_vnd

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator

log = logging.getLogger(__name__)

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"
_translator: QTranslator | None = None
_ERROR_CONTEXT = "UserError"


def lrelease_tool() -> Path:
    """PySide6's own ``lrelease`` (the ``pyside6-lrelease`` script only runs it): found beside the PySide6
    package, so it works whatever folder pip put the scripts in (a venv, ``--user``, a system install)."""
    import PySide6

    return Path(PySide6.__file__).resolve().parent / ("lrelease.exe" if os.name == "nt" else "lrelease")


def compiled_catalogue(language: str) -> Path:
    """The ``.qm`` to load: the bundle's own, or the shipped ``.ts`` compiled into the user cache. (subprocess is
    imported here, for the app: the commands read the catalogue without Qt, and paid ~6 ms for it.)"""
    import subprocess

    folder = package_data.path("resources", "i18n")
    source = folder / f"showroom_{language}.ts"
    if not source.exists():
        shipped = folder / f"showroom_{language}.qm"  # a bundle: compiled when it was built
        if shipped.exists():
            return shipped
        raise package_data.MissingResource(resource=f"showroom_pos/resources/i18n/{source.name}",
                                           where=str(source))
    # Named after the catalogue's content, not dated by it: two installs of the app for one user (an upgrade, a
    # downgrade, a second checkout) share this cache, and a file's time says nothing about which is whose.
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    folder_qm = Path(user_cache_dir("showroom-pos", appauthor=False)) / "i18n"
    target = folder_qm / f"showroom_{language}-{digest}.qm"
    if target.exists():
        return target
    folder_qm.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        subprocess.run([str(lrelease_tool()), "-silent", str(source), "-qm", str(partial)], check=True,
                       capture_output=True)
        os.replace(partial, target)
    except (OSError, subprocess.CalledProcessError) as exc:
        partial.unlink(missing_ok=True)
        raise package_data.UnusableResource(resource=str(source), detail=str(exc)) from exc
    for old in folder_qm.glob(f"showroom_{language}-*.qm"):  # other versions' catalogues: compiled again if needed
        if old != target:
            with contextlib.suppress(OSError):
                old.unlink()
    return target


def install(language: str = DEFAULT_LANGUAGE) -> QTranslator | None:
    """Load ``language`` into Qt (English is the source text and needs no catalogue)."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from .qt_imports import lighten_pyside_import_hook

    lighten_pyside_import_hook()  # Qt may be imported here first: from now on, every import is checked by it
    global _translator, _plain
    _plain = None
    if _translator is not None:
        QCoreApplication.removeTranslator(_translator)
        _translator = None
    if language == "en":
        return None
    qm = compiled_catalogue(language)
    translator = QTranslator()
    if not translator.load(str(qm)):
        raise package_data.UnusableResource(resource=str(qm), detail="Qt could not read the file")
    if QCoreApplication.instance() is not None:
        QCoreApplication.installTranslator(translator)
    _translator = translator
    return translator


_plain: dict[str, dict[str, str]] | None = None


def install_plain(language: str = DEFAULT_LANGUAGE) -> None:
    """For the commands: the catalogue as a dictionary, without Qt (importing PySide6 was a sixth of what a
    command like ``config get`` took). It is read from the shipped ``.ts`` and kept as JSON in the user cache
    (read again whenever the ``.ts`` is newer); a bundle, which ships only the compiled ``.qm``, uses Qt's."""
    global _plain, _translator
    _plain = None
    if _translator is not None:  # Qt is loaded already (a test, the app): its catalogue goes too
        from PySide6.QtCore import QCoreApplication

        QCoreApplication.removeTranslator(_translator)
        _translator = None
    if language == "en":
        return
    folder = package_data.path("resources", "i18n")
    source = folder / f"showroom_{language}.ts"
    if not source.exists():
        install(language)  # the bundle's .qm (or the error that says the catalogue is missing)
        return
    cache = Path(user_cache_dir("showroom-pos", appauthor=False)) / "i18n" / f"showroom_{language}.json"
    try:
        if cache.stat().st_mtime >= source.stat().st_mtime:
            _plain = json.loads(cache.read_text(encoding="utf-8"))
            return
    except (OSError, ValueError):
        pass
    _plain = read_catalogue(source)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(_plain, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, cache)
    except OSError:  # a read-only cache: read the .ts each time
        pass


def read_catalogue(source: Path) -> dict[str, dict[str, str]]:
    """context → source text → translation, as ``lrelease`` compiles them (obsolete entries left out)."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.parse(source).getroot()
    except (OSError, ET.ParseError) as exc:
        raise package_data.UnusableResource(resource=str(source), detail=str(exc)) from exc
    catalogue: dict[str, dict[str, str]] = {}
    for context in root.iter("context"):
        messages = catalogue.setdefault(context.findtext("name") or "", {})
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("obsolete", "vanished"):
                continue
            if translation.text and message.findtext("comment") is None:
                messages[message.findtext("source") or ""] = translation.text
    return catalogue


def _english() -> bool:
    """English is on screen: the interface's source texts are English, and no catalogue is installed."""
    return _translator is None and _plain is None


def count_text(count: int) -> str:
    """A count as the person's language groups its thousands: ``50.000`` in Vietnamese (as money is written),
    ``50,000`` in English."""
    return f"{count:,}" if _english() else format_vnd(count, symbol=False)


def one_or_many(count: int, one: str, many: str) -> str:
    """``many`` (a text already translated, for any count), or in English, when ``count`` is 1, ``one`` ("1 line",
    not "1 lines"). Vietnamese nouns take no plural: its translation of ``many`` serves every count, and ``one`` is
    English only (never extracted for translation)."""
    return one if count == 1 and _english() else many


def translate(context: str, text: str) -> str:
    """Translate outside a widget (works in the CLI, where no QCoreApplication may exist)."""
    if _plain is not None:
        found = _plain.get(context, {}).get(text)
        if found:
            return found
    if _translator is not None:
        found = _translator.translate(context, text)
        if found:
            return found
    return text


def app_title() -> str:
    """The app's name in the person's language, as the main window's title says it (message boxes carry it)."""
    return translate("MainWindow", "OCOP Showroom POS")


def error_text(error: UserError) -> str:
    """A user error in the person's language, its fields filled in."""
    template = translate(_ERROR_CONTEXT, error.message)
    # Parameters that are themselves marked texts (an action's description, a reason) are translated too, and a
    # device's or library's "[Errno 113] No route to host" inside one becomes our sentence for that number.
    params = {k: translate(_ERROR_CONTEXT, _ERRNO.sub(_errno_reason, v)) if isinstance(v, str) else v
              for k, v in error.params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return error.text()


def problem_text(error: BaseException) -> str:
    """Any error as the person reads it: a user error translated, a system error on a file (or a device) as a
    sentence of ours by its error number ("Không dùng được D:/x.xlsx: ổ đĩa đã đầy"), never the system's English;
    anything else keeps its words (a bug: the log has its traceback)."""
    from showroom_pos.core.errors import file_problem

    if isinstance(error, UserError):
        return error_text(error)
    if isinstance(error, OSError):
        return error_text(file_problem(error))
    return str(error) or type(error).__name__


_ERRNO = re.compile(r"\[Errno (-?\d+)\] [^:\]\n]*(: '[^']*')?")


def _errno_reason(match: re.Match[str]) -> str:
    from showroom_pos.core.errors import os_reason

    return translate(_ERROR_CONTEXT, os_reason(OSError(int(match.group(1)), "")))


def readable_error(text: str) -> str:
    """A stored error text (the sync's last error, kept in English for the log) as the person reads it: the
    system's "[Errno 111] Connection refused" becomes our sentence for that number, and sentences of ours that
    lead it are translated."""
    text = _ERRNO.sub(_errno_reason, text)
    head, sep, rest = text.partition(": ")
    return translate(_ERROR_CONTEXT, head) + sep + rest if sep else translate(_ERROR_CONTEXT, text)


def translated_reason(text: str) -> str:
    """A reason given by the services as a marked sentence (``os_reason``), in the person's language."""
    return translate(_ERROR_CONTEXT, text)


LANGUAGE_KEY = "ui/language"  # the till's choice, in QSettings (Settings screen)


def saved_language() -> str:
    from PySide6.QtCore import QSettings

    value = str(QSettings().value(LANGUAGE_KEY, DEFAULT_LANGUAGE))
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def save_language(code: str) -> None:
    from PySide6.QtCore import QSettings

    QSettings().setValue(LANGUAGE_KEY, code)


def language_from_environment() -> str:
    chosen = os.environ.get("SHOWROOM_POS_LANG", "")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE
