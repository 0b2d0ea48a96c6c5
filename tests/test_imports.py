"""Import cycles, found in the source (every import, also those inside functions, which tools would otherwise miss).

The command line, the entry points, crash reporting, the tray and the notification policy are in no cycle (but for
the one through the wizard, below)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ledgerwizard"


def import_graph() -> dict[str, set[str]]:
    """Module → the modules of ours it imports (a name imported from a package counts as its submodule)."""
    modules = {}
    for f in PACKAGE.rglob("*.py"):
        parts = list(f.relative_to(ROOT).with_suffix("").parts)
        package = parts[-1] == "__init__"
        modules[".".join(parts[:-1] if package else parts)] = (f, package)

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {m: set() for m in modules}
    for m, (f, package) in modules.items():
        here = m if package else m.rpartition(".")[0]
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = here.split(".")[: len(here.split(".")) - node.level + 1]
                    base = ".".join(up + ([node.module] if node.module else []))
                names = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                target = known(name) if name.startswith("ledgerwizard") else None
                if target and target != m:
                    graph[m].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = set()
            while True:
                w = stack.pop()
                on.discard(w)
                part.add(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(part)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_finder_sees_a_cycle_through_a_function_level_import(tmp_path):
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [{"a", "b", "c"}]
    graph = import_graph()
    assert "ledgerwizard.cli.days" in graph["ledgerwizard.cli"]  # a package's import of its submodules
    assert "ledgerwizard.ui.tray.menu" in graph["ledgerwizard.ui.tray.app"]  # relative imports
    assert "ledgerwizard.core.runreport" in graph["ledgerwizard.ui.tray.runner"]  # inside a function


def test_the_command_line_the_entries_crash_reports_the_tray_and_the_policy_are_in_no_cycle():
    ours = ("ledgerwizard.cli", "ledgerwizard.launch", "ledgerwizard.crash", "ledgerwizard.ui.windows",
            "ledgerwizard.ui.tray", "ledgerwizard.core.notify", "ledgerwizard.services")
    found = cycles(import_graph())
    involved = [sorted(c) for c in found if any(m == o or m.startswith(o + ".") for m in c for o in ours)]
    assert not involved, involved
    assert not [c for c in involved if {"ledgerwizard.ui.tray.runner", "ledgerwizard.ui.tray.menu",
                                        "ledgerwizard.ui.tray.watches"} & set(c)]
