"""Writes the package reference (Markdown) from the docstrings of the public functions and classes.

The sources are read with `ast`, not imported: importing `cylinders.models` imports Keras and its
backend, which costs seconds on every build for text that is already in the files.
"""

from __future__ import annotations

import ast
import pathlib

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "cylinders"
MODULES = ("shapes", "models", "training", "latent", "metrics", "saving", "cache", "plots")
METHODS = ("encode", "decode", "reconstruct", "encode_distribution")


def _signature(function: ast.FunctionDef, *, method: bool = False) -> str:
    arguments = function.args
    if method:  # drop `self`, and the default it would have had (defaults fill the last arguments)
        kept = arguments.args[1:]
        arguments = ast.arguments(
            posonlyargs=[],
            args=kept,
            vararg=arguments.vararg,
            kwonlyargs=arguments.kwonlyargs,
            kw_defaults=arguments.kw_defaults,
            kwarg=arguments.kwarg,
            defaults=arguments.defaults[-len(kept) :] if kept else [],
        )
    returns = (
        f" -> {ast.unparse(function.returns)}"
        if function.returns and function.name != "__init__"
        else ""
    )
    return f"({ast.unparse(arguments)}){returns}"


def _methods(node: ast.ClassDef, classes: dict[str, ast.ClassDef]) -> dict[str, ast.FunctionDef]:
    """The methods of a class, with those it inherits from classes of the same module."""
    methods = {}
    for base in reversed(node.bases):
        if isinstance(base, ast.Name) and base.id in classes:
            methods.update(_methods(classes[base.id], classes))
    methods.update({item.name: item for item in node.body if isinstance(item, ast.FunctionDef)})
    return methods


def _entry(node: ast.FunctionDef | ast.ClassDef, classes: dict[str, ast.ClassDef]) -> str:
    doc = ast.get_docstring(node) or "No docstring."
    if isinstance(node, ast.ClassDef):
        methods = _methods(node, classes)
        signature = _signature(methods["__init__"], method=True) if "__init__" in methods else "()"
        header = f"class {node.name}{signature}"
    else:
        header = f"def {node.name}{_signature(node)}"
    lines = [f"### `{node.name}`", "", f"```python\n{header}\n```", "", "```text", doc, "```", ""]
    if isinstance(node, ast.ClassDef):
        for name in METHODS:
            method = methods.get(name)
            if method is not None and ast.get_docstring(method):
                summary = ast.get_docstring(method).splitlines()[0]
                lines.append(f"- `{node.name}.{name}{_signature(method, method=True)}`: {summary}")
        lines.append("")
    return "\n".join(lines)


def reference_markdown() -> str:
    """The reference of every public function and class of the package, one section per module."""
    parts = []
    for module_name in MODULES:
        tree = ast.parse((PACKAGE / f"{module_name}.py").read_text())
        summary = (ast.get_docstring(tree) or "").split("\n\n")[0]
        parts.append(f"## `cylinders.{module_name}`\n\n{summary}\n")
        classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
        parts.extend(
            _entry(node, classes)
            for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_")
        )
    return "\n".join(parts)
