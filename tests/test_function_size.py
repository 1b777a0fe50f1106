"""No function in quizgen/ is longer than a reader takes in at once, unless it says why.

Complexity is ruff's C901 (max 10, pyproject.toml); length is checked here, since ruff has no rule for it. A
function over `LIMIT` lines passes only with a `# long: <reason>` comment on its `def` line or the line above.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "quizgen"
LIMIT = 50


def long_functions(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines), str(path))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            # From `def` on: decorators (a command's click options) are declarations, not the function's logic.
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            said = any("# long:" in lines[i - 1] for i in (node.lineno - 1, node.lineno) if i >= 1)
            if size > LIMIT and not said:
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}: {node.name} has {size} lines")
    return found


def test_no_function_is_over_the_limit_without_a_reason():
    assert long_functions(PACKAGE) == []


def test_a_long_function_is_found_and_a_reason_lets_it_pass(tmp_path):
    body = "".join(f"    x{i} = {i}\n" for i in range(LIMIT))
    (tmp_path / "pkg").mkdir()
    module = tmp_path / "pkg" / "m.py"
    module.write_text(f"def short():\n    return 1\n\n\n@staticmethod\ndef big():\n{body}", encoding="utf-8")
    assert long_functions(tmp_path / "pkg") == [f"pkg/m.py:6: big has {LIMIT + 1} lines"]
    module.write_text(f"# long: a table of values, read top to bottom\ndef big():\n{body}", encoding="utf-8")
    assert long_functions(tmp_path / "pkg") == []
