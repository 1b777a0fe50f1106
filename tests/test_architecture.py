"""The layers of quizgen/ import downwards only, and no module imports itself back through others.

Every import counts, wherever it is written: at the top, inside a function (lazy imports of heavy modules) or
under `if TYPE_CHECKING:` (a type-only cycle still means two modules that cannot be read apart).

Layers, lowest first: errors and util, model, load, bank, then study, outputs and authoring side by side, then
cli. The three side by side are separate consumers of the bank and do not import each other: what two of them need
(a letter, a date format, a shuffle) belongs in a lower layer, so a learner's quiz, an export and an author's check
can each change without the others.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "quizgen"

RANK = {
    "quizgen": 0,  # the package's __init__: only the version, importable from anywhere
    "errors": 0,
    "problems": 0,  # errors.Location and errors.Problem, made when first asked for
    "util": 1,
    "model": 2,
    "load": 3,
    "bank": 4,
    "study": 5,
    "outputs": 5,
    "authoring": 5,
    "cli": 6,
    "commands": 6,  # the commands cli.py runs, each module imported when one of its commands runs
    "__main__": 7,
}
SIDE_BY_SIDE = {"study", "outputs", "authoring"}


def layer(module: str) -> tuple[str, int]:
    """The layer a module belongs to and its rank: `quizgen.bank.cache` -> ("bank", 4)."""
    name = module.split(".")[1] if "." in module else module
    return name, RANK[name]


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(module: str, source: str, is_package: bool, known: set[str]) -> set[str]:
    """The quizgen modules `source` imports, anywhere in it."""
    package = module if is_package else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from x import y` imports the module x.y when there is one, else a name from x
            subs = {f"{target}.{alias.name}" for alias in node.names} & known
            found |= subs or {target}
    return {name for name in found if name in known and name != module}


def graph(root: Path) -> dict[str, set[str]]:
    """Module -> the quizgen modules it imports, for every .py file under `root`."""
    paths = sorted(root.rglob("*.py"))
    names = {module_name(p, root): p for p in paths}
    return {
        name: imports(name, path.read_text(encoding="utf-8"), path.name == "__init__.py", set(names))
        for name, path in names.items()
    }


def wrong_way(edges: dict[str, set[str]]) -> list[str]:
    """Imports from a lower layer to a higher one, or between the side-by-side layers of the same rank."""
    found = []
    for source, targets in sorted(edges.items()):
        (src_layer, src_rank) = layer(source)
        for target in sorted(targets):
            (dst_layer, dst_rank) = layer(target)
            if dst_rank > src_rank or (src_layer != dst_layer and {src_layer, dst_layer} <= SIDE_BY_SIDE):
                found.append(f"{source} ({src_layer}) imports {target} ({dst_layer})")
    return found


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Each group of modules that import one another in a circle (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def test_every_module_is_in_a_layer():
    unplaced = [m for m in graph(PACKAGE) if m != "quizgen" and m.split(".")[1] not in RANK]
    assert unplaced == []


def test_imports_point_down():
    assert wrong_way(graph(PACKAGE)) == []


def test_no_import_cycles():
    assert cycles(graph(PACKAGE)) == []


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / "quizgen" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "quizgen"


@pytest.fixture
def tiny(tmp_path):
    """A package laid out like quizgen with one clean import of each form."""
    return {
        "__init__.py": "",
        "errors.py": "",
        "model/__init__.py": "",
        "model/models.py": "from ..errors import X\n",
        "bank/__init__.py": "",
        "bank/generate.py": "from ..model.models import Y\n",
        "bank/content.py": "from . import generate\n",
        "study/__init__.py": "",
        "study/session.py": "import quizgen.bank.content\n",
        "outputs/__init__.py": "",
        "outputs/anki.py": "def f():\n    from ..bank import generate\n",
        "cli.py": "from .study import session\n",
    }


def test_the_checks_pass_a_clean_layout(tmp_path, tiny):
    edges = graph(write(tmp_path, tiny))
    assert edges["quizgen.bank.content"] == {"quizgen.bank.generate"}
    assert edges["quizgen.outputs.anki"] == {"quizgen.bank.generate"}
    assert (wrong_way(edges), cycles(edges)) == ([], [])


def test_a_lazy_upward_import_is_found(tmp_path, tiny):
    tiny["model/models.py"] += "def g():\n    from ..bank.generate import Z\n"
    edges = graph(write(tmp_path, tiny))
    assert wrong_way(edges) == ["quizgen.model.models (model) imports quizgen.bank.generate (bank)"]
    assert cycles(edges) == [["quizgen.bank.generate", "quizgen.model.models"]]


def test_side_by_side_layers_may_not_import_each_other(tmp_path, tiny):
    tiny["study/session.py"] += "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..outputs import anki\n"
    assert wrong_way(graph(write(tmp_path, tiny))) == [
        "quizgen.study.session (study) imports quizgen.outputs.anki (outputs)"
    ]


def test_a_cycle_within_a_layer_is_found(tmp_path, tiny):
    tiny["bank/generate.py"] += "from .content import W\n"
    assert cycles(graph(write(tmp_path, tiny))) == [["quizgen.bank.content", "quizgen.bank.generate"]]
