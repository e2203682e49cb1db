"""The package's layout is its architecture: a folder per stage, imports that run
one way (from later stages to earlier ones and to the shared records), no cycles.

Imports are read from the source (every ``import``, those inside functions
too), so a late import cannot hide a cycle or a dependency that runs upward.
"""
import ast
from pathlib import Path

import networkx as nx
import pytest

KG = Path(__file__).resolve().parent.parent / "kg"

#: stage -> its place in the flow: a stage imports its own modules and those of lower places;
#: two stages at one place (query and page, build and evaluate) do not import each other;
#: the shared records (place 0) may use one another
ORDER = {"model": 0, "errors": 0, "namespace": 0, "resources": 0,
         "read": 1, "extract": 2, "graph": 3, "store": 4, "query": 5, "page": 5, "build": 6, "evaluate": 6,
         "cli": 7, "__main__": 8}
TOP_LEVEL = {name for name in ORDER if not (KG / name).is_dir()}


def _module(path: Path) -> str:
    parts = list(path.relative_to(KG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module(p): p for p in sorted(KG.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The kg modules that ``name`` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "kg")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "kg":
                continue
            subs = {f"{target}.{a.name}" for a in node.names} & known  # "from . import remote"
            found.update(subs or {target})
    return {m for m in found if m in known and m != name}


@pytest.fixture(scope="module")
def imports() -> nx.DiGraph:
    modules = _modules()
    g = nx.DiGraph()
    for name, path in modules.items():
        g.add_node(name)
        g.add_edges_from((name, target) for target in _imports(name, path, set(modules)))
    return g


def _stage(module: str) -> str:
    return module.split(".")[1] if module != "kg" else "kg"


def test_every_module_is_in_a_stage_folder_or_one_of_the_few_at_the_top():
    for name in _modules():
        stage = _stage(name)
        assert name == "kg" or stage in ORDER, f"{name}: not in a stage folder; known stages: {', '.join(ORDER)}"
        if name.count(".") == 1 and not (KG / stage).is_dir():
            assert stage in TOP_LEVEL, f"{name}: a module at the top of kg; put it in a stage folder"


def test_no_import_cycle(imports):
    cycles = list(nx.simple_cycles(imports))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c + [c[0]]) for c in cycles)


def _upward(imports: nx.DiGraph) -> list[str]:
    """The imports that do not run from a later stage to an earlier one."""
    upward = []
    for src, dst in imports.edges:
        a, b = _stage(src), _stage(dst)
        if src == "kg" or a == b:
            continue
        if ORDER[b] > ORDER[a] or ORDER[b] == ORDER[a] > 0:
            upward.append(f"{src} imports {dst} ({b} is not before {a})")
    return upward


def test_imports_run_from_later_stages_to_earlier_ones(imports):
    upward = _upward(imports)
    assert not upward, "; ".join(upward)


def test_the_checker_sees_an_upward_import_and_a_cycle():
    """The rules above would pass on a graph they cannot read; this one they must fail."""
    g = nx.DiGraph([("kg.read.ingest", "kg.page.render"), ("kg.page.render", "kg.read.ingest"),
                    ("kg.query.named", "kg.page.layout"), ("kg.model", "kg.errors")])
    assert list(nx.simple_cycles(g))
    assert _upward(g) == ["kg.read.ingest imports kg.page.render (page is not before read)",
                          "kg.query.named imports kg.page.layout (page is not before query)"]
    assert _imports("kg.store", KG / "store" / "__init__.py", set(_modules())) == {"kg.store.embedded",
                                                                                 "kg.store.remote"}


def test_every_stage_says_what_enters_and_what_leaves():
    for folder in sorted(p for p in KG.iterdir() if (p / "__init__.py").is_file()):
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc and " in" in doc and " out" in doc, f"{folder}/__init__.py: say what enters and what leaves"
