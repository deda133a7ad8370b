"""No function that nothing calls: each function and method of the package is named somewhere besides its own
definition (in the package, the tests, the benchmarks or the tools).

A textual check, so it errs on the side of keeping code (a name used anywhere counts). Left out: dunder
methods, Qt's camelCase overrides, other libraries' hooks (``OVERRIDES``), and functions a framework calls
through a decorator (routes, event listeners), which are registered rather than called."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLAIN_DECORATORS = re.compile(r"^(property|staticmethod|classmethod|cached_property|functools\.\w+|lru_cache.*|cache"
                              r"|\w+\.setter)$")
OVERRIDES = {"process_bind_param", "process_result_value"}  # SQLAlchemy's TypeDecorator calls them


def test_every_function_is_called_from_somewhere() -> None:
    mentions: Counter[str] = Counter()
    definitions: Counter[str] = Counter()
    candidates: list[tuple[str, str]] = []
    for folder in ("showroom_pos", "tests", "benchmarks", "tools"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            mentions.update(re.findall(r"[A-Za-z_]\w*", text))
            ours = folder == "showroom_pos" and "db" not in path.relative_to(ROOT).parts  # not migrations
            for node in ast.walk(ast.parse(text)):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                definitions[node.name] += 1
                registered = any(not PLAIN_DECORATORS.match(ast.unparse(d)) for d in node.decorator_list)
                if ours and not registered and not node.name.startswith("__") and node.name == node.name.lower() \
                        and node.name not in OVERRIDES:
                    candidates.append((node.name, f"{path.relative_to(ROOT)}:{node.lineno}"))
    assert sorted(where for name, where in candidates if mentions[name] <= definitions[name]) == []
