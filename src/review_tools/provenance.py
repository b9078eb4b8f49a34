"""Provenance of a run: hashes of every input file and the versions of the libraries used.

A light module (standard library only), so the report notebook can record provenance without
importing the runner (papermill and nbconvert take seconds to import in every run of a batch).
"""

from __future__ import annotations

import hashlib
import platform
import re
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


#: Corpus folders whose files are personal data (interviews, social reports): their paths are
#: never listed in manifests or reports, only a pseudonymous label and the file's hash.
PERSONAL_DATA_FOLDERS = ("interviews", "social_reports", "transcripts")
_TRANSCRIPT_LINE = re.compile(r"^\s*transcript\s*:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.MULTILINE)


def personal_label(path: str | Path, digest: str | None = None, kind: str | None = None) -> str:
    """The pseudonymous label of a personal-data file: its folder kind and the start of its SHA-256
    (``social_reports/file-3fa2c19e0b1d.csv``); the file name itself may identify a person."""
    path = Path(path)
    digest = digest or _sha256(path)
    folder = kind or next((p for p in reversed(path.parts[:-1]) if p in PERSONAL_DATA_FOLDERS), "personal-data")
    suffix = path.suffix.lower() if re.fullmatch(r"\.[a-z0-9]{1,5}", path.suffix.lower()) else ""
    return f"{folder}/file-{digest[:12]}{suffix}"


def _informant_transcripts(folders) -> set[Path]:
    """Transcript files named in ``informants.yaml`` of the given folders (resolved against each folder)."""
    out: set[Path] = set()
    for folder in folders:
        meta = Path(folder) / "informants.yaml"
        if meta.is_file():
            text = meta.read_text(encoding="utf-8", errors="replace")
            for m in _TRANSCRIPT_LINE.finditer(text):
                for base in folders:
                    out.add((Path(base) / m.group(1).strip()).resolve())
    return out


def is_personal_data(path: str | Path, root: str | Path | None = None, named: set[Path] = frozenset()) -> bool:
    """Whether ``path`` is a personal-data source (under a :data:`PERSONAL_DATA_FOLDERS` folder of
    ``root``, or a transcript named in ``informants.yaml``)."""
    path = Path(path)
    rel = path.relative_to(root).parts if root is not None and path.is_relative_to(root) else path.parts
    return any(p in PERSONAL_DATA_FOLDERS for p in rel[:-1]) or path.resolve() in named


def input_hashes(*folders: str | Path) -> dict[str, str]:
    """SHA-256 of every file under the given folders (the review's configuration and its corpus).

    SQLite write-ahead files and the pseudonym keys (``keys/``) are left out. Personal-data
    sources (interviews, social reports, transcripts named in ``informants.yaml``) are listed
    under their pseudonymous label (:func:`personal_label`), never their path.
    """
    out: dict[str, str] = {}
    named = _informant_transcripts([Path(f) for f in folders])
    for folder in folders:
        folder = Path(folder)
        if not folder.exists():
            continue
        for p in sorted(folder.rglob("*")):
            if p.is_file() and not p.name.endswith(("-wal", "-shm")) and "keys" not in p.parts:
                digest = _sha256(p)
                if is_personal_data(p, folder, named):
                    out[personal_label(p, digest)] = digest
                else:
                    out[str(p)] = digest
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
