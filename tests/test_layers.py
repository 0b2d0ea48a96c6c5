"""The layers, kept honest (issue 17): dependencies point inwards, and no module of the package is in an import
cycle. Read from the source (every import, also those inside functions); imports made only for type annotations
(``if TYPE_CHECKING:``) are not dependencies at run time and are left out.

    core (pure Python: no Qt, no network, no keyring)                         0
    adapters, connectors (files, keyring, SQLite, OS; the ledgers over HTTP)   1
    services, setup (use cases; the setup's flow and draft, no Qt)            2
    ui, cli (the surfaces)                                                    3   (ui never imports cli)
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ledgerwizard"
LAYERS = {"core": 0, "paths": 0, "adapters": 1, "connectors": 1, "crash": 1, "services": 2, "setup": 2, "ui": 3,
          "cli": 3, "launch": 4, "__main__": 4}
QT_FREE = ("core", "adapters", "connectors", "services", "setup")  # PySide6 only in ui (and report_pdf, below)


def _runtime_imports(tree):
    """Import nodes, skipping ``if TYPE_CHECKING:`` blocks."""
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            todo.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        todo.extend(ast.iter_child_nodes(node))


def graph():
    modules = {}
    for f in PACKAGE.rglob("*.py"):
        parts = list(f.relative_to(ROOT).with_suffix("").parts)
        package = parts[-1] == "__init__"
        modules[".".join(parts[:-1] if package else parts)] = (f, package)

    def known(name):
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    out, external = {m: set() for m in modules}, {m: set() for m in modules}
    for m, (f, package) in modules.items():
        here = m if package else m.rpartition(".")[0]
        for node in _runtime_imports(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                base = node.module or ""
                if node.level:
                    up = here.split(".")[: len(here.split(".")) - node.level + 1]
                    base = ".".join(up + ([node.module] if node.module else []))
                # "from pkg import sub" depends on the submodule; "from pkg import name" on the package
                names = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            for name in names:
                if name.startswith("ledgerwizard"):
                    target = known(name)
                    if target and target != m and target != "ledgerwizard":
                        out[m].add(target)
                else:
                    external[m].add(name.split(".")[0])
    return out, external


def layer(module: str):
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_dependencies_point_inwards():
    g, _ = graph()
    upward = sorted((m, d) for m, deps in g.items() for d in deps
                    if layer(m) is not None and layer(d) is not None and layer(d) > layer(m))
    assert not upward, upward
    assert not [(m, d) for m, deps in g.items() for d in deps if m.startswith("ledgerwizard.ui")
                and d.startswith("ledgerwizard.cli")]


def test_the_inner_layers_never_import_qt():
    _, external = graph()
    qt = sorted(m for m, ext in external.items() if "PySide6" in ext and m.split(".")[1] in QT_FREE
                and m != "ledgerwizard.adapters.report_pdf")  # the day report is drawn with Qt's PDF writer
    assert not qt, qt


def test_the_core_does_no_i_o_of_its_own_kind():
    """The core reads export files (that is its job) but keeps nothing: no database, no network, no keyring, no
    HTTP client. The reader's cache between runs is an adapter (``adapters.readercache``) handed to the core."""
    _, external = graph()
    io = {"sqlite3", "keyring", "httpx", "socket", "urllib", "http", "ssl", "subprocess"}
    found = sorted((m, sorted(ext & io)) for m, ext in external.items() if m.startswith("ledgerwizard.core.") and ext & io)
    assert not found, found


def test_no_module_of_the_package_is_in_an_import_cycle():
    from test_imports import cycles  # (the same cycle finder, tested there on a graph with a known cycle)

    g, _ = graph()
    found = [sorted(c) for c in cycles(g)]
    assert not found, found


def test_the_contract_sees_an_upward_import(tmp_path, monkeypatch):
    """The contract itself can fail: a core module importing the UI is caught."""
    bad = PACKAGE / "core" / "_layer_probe.py"
    bad.write_text("def f():\n    from ..ui import i18n\n", encoding="utf-8")
    try:
        g, _ = graph()
        assert ("ledgerwizard.core._layer_probe", "ledgerwizard.ui.i18n") in {(m, d) for m, ds in g.items() for d in ds}
    finally:
        bad.unlink()
