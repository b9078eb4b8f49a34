"""Shared by the notebook builders: turn a list of cells into a thin stage notebook.

Each ``build_NN_*.py`` holds its notebook as ``CELLS``, a list of ``(kind, source)`` where kind is
``"md"``, ``"code"`` or ``"parameters"`` (exactly one), and calls :func:`write`. The notebook is
written without outputs, for the Python 3 kernel.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent


def build(cells) -> nbformat.NotebookNode:
    """Return a notebook with ``cells``; the ``parameters`` cell is tagged for papermill."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for kind, src in cells:
        if kind == "md":
            nb.cells.append(new_markdown_cell(src))
            continue
        cell = new_code_cell(src)
        if kind == "parameters":
            cell.metadata["tags"] = ["parameters"]
        nb.cells.append(cell)
    return nb


def write(cells, name: str) -> Path:
    """Build the notebook and write it as ``notebooks/<name>``."""
    out = HERE / name
    nbformat.write(build(cells), str(out))
    return out
