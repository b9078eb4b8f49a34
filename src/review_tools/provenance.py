"""Provenance of a run: hashes of every input file and the versions of the libraries used.

A light module (standard library only), so the report notebook can record provenance without
importing the runner (papermill and nbconvert take seconds to import in every run of a batch).
"""

from __future__ import annotations

import hashlib
import platform
from importlib import metadata
from pathlib import Path

from . import __version__

#: Libraries whose versions shape the results; recorded in every manifest and report.
VERSIONED_PACKAGES = (
    "pandas", "numpy", "scikit-learn", "scipy", "matplotlib", "papermill", "nbconvert", "rapidfuzz",
    "rispy", "bibtexparser", "simplemma", "krippendorff", "python-docx", "webvtt-py", "pydantic",
)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def input_hashes(*folders: str | Path) -> dict[str, str]:
    """SHA-256 of every file under the given folders (the review's configuration and its corpus).

    SQLite write-ahead files and the pseudonym keys (``keys/``) are left out.
    """
    out: dict[str, str] = {}
    for folder in folders:
        folder = Path(folder)
        if not folder.exists():
            continue
        for p in sorted(folder.rglob("*")):
            if p.is_file() and not p.name.endswith(("-wal", "-shm")) and "keys" not in p.parts:
                out[str(p)] = _sha256(p)
    return out


def package_versions(names=VERSIONED_PACKAGES) -> dict[str, str]:
    """Versions of Python, review-tools and the distributions ``names`` (one scan of the environment)."""
    def norm(n: str) -> str:
        return n.lower().replace("_", "-")

    wanted = {norm(n) for n in names}
    found: dict[str, str] = {}
    for dist in metadata.distributions():
        name = norm(dist.metadata["Name"] or "")
        if name in wanted and name not in found:
            found[name] = dist.version
    out = {"python": platform.python_version(), "review-tools": __version__}
    out.update({n: found.get(norm(n), "not installed") for n in names})
    return out
