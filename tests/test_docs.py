"""The documents a newcomer starts from are in the repository and tell the truth about it: the design the layer
test cites, CONTRIBUTING.md (every file it names exists), CHANGELOG.md in the Keep a Changelog shape."""

from __future__ import annotations

import re
from pathlib import Path

from showroom_pos import __version__

ROOT = Path(__file__).resolve().parents[1]
REPO_PATH = re.compile(r"(?<![\w/.])(?:(?:showroom_pos|tests|tools|benchmarks|docs|\.ci|installer)/[\w./<>-]*"
                       r"|[\w-]+\.(?:md|txt|toml)\b)")


def test_the_design_the_layer_test_cites_is_in_the_repository() -> None:
    cited = re.findall(r"[\w/]+\.md", (ROOT / "tests" / "test_architecture.py").read_text(encoding="utf-8"))
    assert "docs/DESIGN.md" in cited
    assert all((ROOT / name).is_file() for name in cited), cited
    design = (ROOT / "docs" / "DESIGN.md").read_text(encoding="utf-8")
    assert "## Layers" in design and "tests/test_architecture.py" in design


def test_contributing_names_only_files_that_exist() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for heading in ("## Set-up", "## The layers", "## Adding a screen", "## Adding a migration",
                    "## Adding a translation", "## Adding a benchmark"):
        assert heading in text
    named = {m.rstrip("/.") for m in REPO_PATH.findall(text)}
    named = {n for n in named if "<" not in n and "00NN" not in n}  # templates: bench_<name>.py, 00NN_<what>.py
    assert {"showroom_pos/ui/screens.py", "tools/merge_translations.sh", "tests/test_scanner_policy.py",
            "showroom_pos/db/migrations/versions"} <= named
    assert sorted(n for n in named if not (ROOT / n).exists()) == []


def test_the_changelog_keeps_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n") and "keepachangelog.com" in text
    versions = re.findall(r"^## (.*)$", text, re.M)
    assert versions[0] == "[Unreleased]"
    assert all(re.fullmatch(r"\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}", v) for v in versions[1:]), versions
    assert f"[{__version__}]" in " ".join(versions)  # the version the app says it is
    kinds = set(re.findall(r"^### (.*)$", text, re.M))
    assert kinds and kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}, kinds
