"""The house rules of sms/: imports point one way (no cycle, TYPE_CHECKING imports included), only one module
talks to gitpython, modules stay small, and every rule module's rules reach the catalogue."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import grimp

from sms.rules.catalogue import MODULES, catalogue
from sms.rules.registry import Rule

PACKAGE = Path(__file__).resolve().parents[2] / "sms"
MAX_LINES = 400


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("sms", include_external_packages=True, cache_dir=None)


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), i.e. import cycles."""
    modules = sorted(m for m in graph.modules if m == "sms" or m.startswith("sms."))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(module: str) -> None:
        nonlocal counter
        index[module] = low[module] = counter
        counter += 1
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.find_modules_directly_imported_by(module)):
            if not target.startswith("sms"):
                continue
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


def test_only_the_git_layer_imports_gitpython() -> None:
    importers = {m for m in _graph().find_modules_that_directly_import("git") if m.startswith("sms")}
    assert importers == {"sms.git.history"}


def test_the_layers_contract_holds() -> None:
    run = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
                         capture_output=True, text=True, cwd=PACKAGE.parent, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_no_module_is_over_the_size_limit() -> None:
    sizes = {str(path.relative_to(PACKAGE.parent)): len(path.read_text(encoding="utf-8").splitlines())
             for path in PACKAGE.rglob("*.py")}
    assert {path: lines for path, lines in sizes.items() if lines > MAX_LINES} == {}


def test_every_rule_module_is_in_the_catalogue() -> None:
    """A rule defined in a module the catalogue does not name would silently never run."""
    collected = {rule.id for rule in catalogue()}
    for path in sorted((PACKAGE / "rules").glob("*.py")):
        module = importlib.import_module(f"sms.rules.{path.stem}")
        defined = {value.id for value in vars(module).values() if isinstance(value, Rule)}
        assert defined <= collected, f"{path.name} defines rules the catalogue does not collect"
        assert not defined or module in MODULES, path.name


def test_a_rule_module_works_on_its_own() -> None:
    """Importing one rule module gives working rules, whatever else was imported (nothing registers itself)."""
    code = ("from sms.rules.waivers import UNUSED_WAIVER; from sms.core.findings import Location; "
            "print(UNUSED_WAIVER.finding('m', Location('sms.yaml')).severity.value)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "warning"


def test_the_cycle_finder_finds_cycles() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in (("sms.a", "sms.b"), ("sms.b", "sms.c"), ("sms.c", "sms.a"), ("sms.c", "sms.d")):
        graph.add_import(importer=importer, imported=imported)
    assert _cycles(graph) == [["sms.a", "sms.b", "sms.c"]]


def test_no_submodule_shares_a_name_with_what_its_package_defines() -> None:
    # importing sms/reporters/report.py once replaced the package's report() function with the module, and every
    # later `sms check` in the same process exited 3: a submodule's name must not be a name its package defines
    import ast

    package_dir = Path(importlib.import_module("sms").__file__ or "").parent
    clashes = []
    for init in sorted(package_dir.rglob("__init__.py")):
        defined = {node.name for node in ast.parse(init.read_text(encoding="utf-8")).body
                   if isinstance(node, ast.FunctionDef | ast.ClassDef)}
        defined |= {target.id for node in ast.parse(init.read_text(encoding="utf-8")).body
                    if isinstance(node, ast.Assign) for target in node.targets if isinstance(target, ast.Name)}
        submodules = {path.stem for path in init.parent.glob("*.py")} | {
            path.name for path in init.parent.iterdir() if (path / "__init__.py").is_file()}
        clashes += [f"{init.parent.relative_to(package_dir.parent)}: {name}" for name in sorted(defined & submodules)]
    assert clashes == []
