"""python-escpos's printer profiles are parsed once and kept in our cache, published whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from showroom_pos import hardware


def test_the_profile_cache_is_written_privately_then_published_whole(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ESCPOS_CAPABILITIES_PICKLE_DIR", raising=False)
    cache = tmp_path / "escpos"
    private = hardware.keep_escpos_profiles(cache)
    assert private is not None and private.parent == cache
    assert os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] == str(private)  # python-escpos writes here
    name = hardware._pickle_name()
    (private / name).write_bytes(b"whole pickle")
    assert not (cache / name).exists()  # nobody reads it before it is complete
    hardware.publish_escpos_profiles(private)
    assert (cache / name).read_bytes() == b"whole pickle" and not private.exists()
    assert os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] == str(cache)  # what child processes inherit exists

    monkeypatch.delenv("ESCPOS_CAPABILITIES_PICKLE_DIR")
    assert hardware.keep_escpos_profiles(cache) is None  # from now on: the shared pickle
    assert os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] == str(cache)

    monkeypatch.setenv("ESCPOS_CAPABILITIES_PICKLE_DIR", str(tmp_path / "mine"))
    assert hardware.keep_escpos_profiles(cache) is None  # a folder the user chose is kept
    assert os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] == str(tmp_path / "mine")


def test_a_second_start_reads_the_profiles_from_the_cache(tmp_path: Path) -> None:
    """Two real processes: the first leaves the pickle in the user cache as soon as it has prepared python-escpos
    (even when it is then killed, as a till switched off is), the second loads it (python-escpos then skips its
    0.4 s YAML parse)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    probe = ("import showroom_pos.hardware as h; h.prepare_escpos(); "
             "import showroom_pos.hardware.receipt_render, escpos.capabilities as c, os, signal; "
             "print(c.full_load, flush=True); os.kill(os.getpid(), signal.SIGKILL)")
    runs = [subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False)
            for _ in range(2)]
    assert [run.stdout.strip() for run in runs] == ["True", "False"]  # parsed once, then read from the cache
    cache = tmp_path / "cache" / "showroom-pos" / "escpos"
    assert [p.name for p in cache.iterdir()] == [hardware._pickle_name()]  # no private folder left


def test_a_process_started_after_the_cache_was_published_can_still_import_python_escpos(tmp_path: Path) -> None:
    """The folder named in the environment is inherited by child processes: it must still exist."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    parent = ("import os, subprocess, sys, showroom_pos.hardware as h; h.prepare_escpos(); "
              "sys.exit(subprocess.run([sys.executable, '-c', 'import escpos.printer']).returncode)")
    run = subprocess.run([sys.executable, "-c", parent], env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


def test_the_command_line_prepares_python_escpos_before_its_printing_commands_import_it(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    probe = ("import sys; from showroom_pos.app import cli; cli.build_parser(); "
             "import escpos.capabilities as c; print(c.pickle_dir)")
    run = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    cache = tmp_path / "cache" / "showroom-pos" / "escpos"
    assert Path(run.stdout.strip()).parent == cache  # written privately, then published
    assert [p.name for p in cache.iterdir()] == [hardware._pickle_name()]
