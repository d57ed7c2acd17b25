"""No two project modules import each other, directly or round a loop (issue 19 item 5). A
cycle makes the import order matter and the code hard to move; the usual cure is a third module
both can import. Imports made inside a function body are left out: they run after every module
has loaded, and each one carries a comment saying which cycle it avoids (checked below)."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = [
    "accounts",
    "audit",
    "children",
    "conferences",
    "config",
    "core",
    "coreGroups",
    "enquiries",
    "plans",
    "reports",
    "returns",
    "scale",
    "timescales",
    "voice",
]


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_modules() -> dict[str, pathlib.Path]:
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            modules[_module_name(path)] = path
    return modules


def _top_level_imports(tree: ast.Module):
    """Imports that run when the module loads: at module level, in classes and in if/try
    blocks, but not in functions nor under `if TYPE_CHECKING:`."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            test = node.test
            if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
                stack.extend(node.orelse)
                continue
            stack.extend(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            stack.extend(node.body + node.orelse + node.finalbody)
            for handler in node.handlers:
                stack.extend(handler.body)
        elif isinstance(node, ast.ClassDef | ast.With):
            stack.extend(node.body)


def _edges(modules: dict[str, pathlib.Path]) -> dict[str, set[str]]:
    graph = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _top_level_imports(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                    for alias in node.names
                ]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_between_project_modules():
    modules = _project_modules()
    assert len(modules) > 100  # the walk found the code
    assert _cycles(_edges(modules)) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


# Files left out of the check while another branch rewrites them (none now). Paths relative to
# the repository root; a trailing "/" takes a whole folder.
PENDING: set[str] = set()


def _is_pending(relative: str) -> bool:
    return any(relative == p or (p.endswith("/") and relative.startswith(p)) for p in PENDING)


def _functions(tree: ast.Module):
    """Each function with the class it is a method of (None for plain functions)."""
    stack = [(node, None) for node in tree.body]
    while stack:
        node, owner = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node, owner
            stack.extend((child, None) for child in ast.iter_child_nodes(node))
        elif isinstance(node, ast.ClassDef):
            stack.extend((child, node) for child in node.body)
        else:
            stack.extend((child, owner) for child in ast.iter_child_nodes(node))


def _is_app_ready(function: ast.FunctionDef, owner: ast.ClassDef | None) -> bool:
    """`AppConfig.ready()` is where Django registers signals and checks: imports belong there."""
    return (
        function.name == "ready"
        and owner is not None
        and any(
            getattr(base, "id", getattr(base, "attr", None)) == "AppConfig" for base in owner.bases
        )
    )


def _unexplained_imports_in_functions(
    modules: dict[str, pathlib.Path], root: pathlib.Path = ROOT
) -> list[str]:
    apps = {name.split(".")[0] for name in modules}
    found = set()
    for path in modules.values():
        relative = path.relative_to(root).as_posix()
        if _is_pending(relative):
            continue
        lines = path.read_text().splitlines()
        tree = ast.parse("\n".join(lines), filename=str(path))
        for function, owner in _functions(tree):
            if _is_app_ready(function, owner):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import):
                    project = any(alias.name.split(".")[0] in apps for alias in node.names)
                elif isinstance(node, ast.ImportFrom):
                    project = node.level > 0 or (node.module or "").split(".")[0] in apps
                else:
                    continue
                if not project:
                    continue
                line = lines[node.lineno - 1]
                above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
                if "#" in line or above.startswith("#"):
                    continue
                found.add(f"{relative}:{node.lineno}")
    return sorted(found)


def test_imports_inside_functions_say_why():
    """Imports go at the top of the module. One kept inside a function (to break a cycle, or
    to put off a slow optional library) says why in a comment on its line or the line above."""
    assert _unexplained_imports_in_functions(_project_modules()) == []


def test_the_import_check_finds_an_unexplained_import(tmp_path):
    app = tmp_path / "app"
    app.mkdir()
    (app / "apps.py").write_text(
        "from django.apps import AppConfig\n\n\n"
        "class Config(AppConfig):\n"
        "    def ready(self):\n"
        "        from app import signals\n"
    )
    (app / "code.py").write_text(
        "def bare():\n"
        "    from app import models\n\n\n"
        "def explained():\n"
        "    # Imported here: app.models imports app.code.\n"
        "    from app import models\n\n\n"
        "def library():\n"
        "    import json\n"
    )
    modules = {"app.apps": app / "apps.py", "app.code": app / "code.py"}
    assert _unexplained_imports_in_functions(modules, root=tmp_path) == ["app/code.py:2"]
