"""One name, one meaning: no two classes or module-level functions of the package share a name
unless the name means the same thing in each (the roles listed in SAME_MEANING)."""

import ast
from collections import defaultdict
from pathlib import Path

from finetune_docs import cli, layout

PACKAGE = layout.ROOT / "src" / "finetune_docs"
SAME_MEANING = {
    "main": "a module's command-line entry, called by `finetune-docs`",
    "get": "a registry's lookup by name (backends, runtimes, strings)",
    "table": "a TOML table of strings or links, read once",
    "strings": "the strings of one language",
    "problems": "the problems found in the thing the module checks, as report lines",
    "write": "write the thing the module makes to a folder",
    "load": "read the thing the module saved",
    "save": "write a stand-in file of the kind the module makes",
    "resolve": "what a set of requirements or links resolves to",
    "unknown": "the names a page uses that the module's table lacks",
    "pairs": "pages paired with their translations",
    "page": "a page made for a test or benchmark",
    "pages": "the project's or a sample tree's pages",
    "propagate": "carry the English code into translations (the command, then the function it calls)",
    "markdown": "the Markdown report of what the module found",
    "mark_synced": "record that translations follow English (the command, then the function it calls)",
}
"""Names that more than one module defines, with the one meaning they share."""
NOT_THE_PACKAGE = ("standins/files", "standins/accuracy.py")
"""Files the package ships as data for the stand-in Hub (a space's metric script), not its code."""


def definitions() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith(NOT_THE_PACKAGE):
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef | ast.FunctionDef) and not node.name.startswith("_"):
                found[node.name].append(relative)
    return found


def test_a_name_defined_twice_means_the_same_in_each_module():
    shared = {name: modules for name, modules in definitions().items() if len(modules) > 1}
    print("\n".join(f"{name}: {', '.join(modules)}" for name, modules in sorted(shared.items())))
    assert sorted(set(shared) - set(SAME_MEANING)) == []


def test_the_list_of_shared_names_holds_no_stale_entry():
    assert sorted(name for name in SAME_MEANING if len(definitions().get(name, [])) < 2) == []


def imported(path: Path, package: str | None) -> set[str]:
    """Every module a file imports, by absolute name (``from X import y`` counts X and X.y)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level and package:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_every_module_is_imported_by_a_user_of_the_package():
    """The CLI, a notebook, another module or the tests import each module; none the noxfile alone."""
    users: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        users |= imported(path, ".".join(parts if path.name == "__init__.py" else parts[:-1]).removesuffix(".__init__"))
    for path in (layout.ROOT / "tests").rglob("*.py"):
        users |= imported(path, None)
    users |= {module for module, _ in cli.DELEGATED.values()}
    # A notebook imports the package by name; mkdocs loads the site's hook by its path.
    notebooks = "\n".join(p.read_text(encoding="utf-8") for p in (layout.ROOT / "notebooks").rglob("*.ipynb"))
    hooks = (layout.ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    unused = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.as_posix().startswith(NOT_THE_PACKAGE) or path.name in ("__init__.py", "__main__.py"):
            continue
        dotted = ".".join(("finetune_docs", *relative.with_suffix("").parts))
        if dotted not in users and dotted not in notebooks and f"src/finetune_docs/{relative.as_posix()}" not in hooks:
            unused.append(dotted)
    assert unused == []
