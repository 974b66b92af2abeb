"""Writes the package reference (Markdown) from the docstrings of the public functions and classes."""

from __future__ import annotations

import importlib
import inspect
import pathlib
import sys

MODULES = ("cylinders.shapes", "cylinders.models", "cylinders.training", "cylinders.metrics",
           "cylinders.saving", "cylinders.cache", "cylinders.plots")


def _public(module):
    for name, value in vars(module).items():
        if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(value) or inspect.isclass(value):
            yield name, value


def _entry(name: str, value) -> str:
    try:
        signature = str(inspect.signature(value))
    except (TypeError, ValueError):
        signature = "(...)"
    kind = "class" if inspect.isclass(value) else "def"
    doc = inspect.cleandoc(value.__doc__ or "No docstring.")
    lines = [f"### `{name}`", "", f"```python\n{kind} {name}{signature}\n```", "", "```text", doc, "```", ""]
    if inspect.isclass(value):
        for method_name, method in vars(value).items():
            if method_name in ("encode", "decode", "reconstruct", "encode_distribution") and method.__doc__:
                summary = inspect.cleandoc(method.__doc__).splitlines()[0]
                lines.append(f"- `{name}.{method_name}{inspect.signature(method)}`: {summary}")
        lines.append("")
    return "\n".join(lines)


def reference_markdown() -> str:
    """The reference of every public function and class of the package, one section per module."""
    root = str(pathlib.Path(__file__).resolve().parents[1])
    if root not in sys.path:  # MkDocs restores sys.path after loading hooks; the package may not be installed
        sys.path.append(root)
    parts = []
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        summary = inspect.cleandoc(module.__doc__ or "").split("\n\n")[0]
        parts.append(f"## `{module_name}`\n\n{summary}\n")
        parts.extend(_entry(name, value) for name, value in _public(module))
    return "\n".join(parts)
