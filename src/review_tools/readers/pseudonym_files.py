"""The pseudonymiser's files: the key (JSON, owner-only), list files and the region key's place names.

The pseudonymiser (:mod:`review_tools.pseudonymise`) only computes; every file it needs is read and
written here.
"""

from __future__ import annotations

import csv
import json
import os
from importlib import resources
from pathlib import Path

from ..errors import ConfigError

__all__ = ["default_names", "read_key_file", "read_list_file", "region_places", "write_key_file"]


def _check_key_path(path: Path) -> None:
    if "outputs" in path.resolve().parts:
        raise ConfigError([f"{path}: the pseudonym key must not be kept under outputs/ (use review/keys/)"])


def read_key_file(key_path: str | Path) -> dict | None:
    """The key file's ``entries`` and ``used`` (category -> mapping / list), or None when it does not exist.

    Raises
    ------
    ConfigError
        When the path lies under ``outputs/`` or the file is not a key file.
    """
    path = Path(key_path)
    _check_key_path(path)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries, used = data.get("entries", {}), data.get("used", {})
        if not isinstance(entries, dict) or not isinstance(used, dict):
            raise TypeError("'entries' and 'used' must be objects")
        return {"entries": entries, "used": used}
    except (json.JSONDecodeError, AttributeError, TypeError) as exc:
        raise ConfigError([f"{path}: not a pseudonym key file ({exc})"]) from exc


def write_key_file(key_path: str | Path, payload: dict) -> Path:
    """Write the key atomically, readable by its owner only (0600, folder 0700), and return the path."""
    path = Path(key_path)
    _check_key_path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True))
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return path


def default_names() -> list[str]:
    """Return the built-in list of common first names and surnames in Finland."""
    text = resources.files("review_tools").joinpath("resources/person_names.txt").read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def read_list_file(path: str | Path, *, required: bool = False) -> list[str]:
    """Non-empty, non-comment lines of a one-entry-per-line list file (names, terms to mask).

    A missing file gives an empty list, or a :class:`ConfigError` naming it when ``required``.
    """
    path = Path(path)
    if not path.is_file():
        if required:
            raise ConfigError([f"{path}: list file not found"])
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def region_places(corpus_dir: str | Path | None) -> list[str]:
    """Municipality names (Finnish and Swedish, every year of the key) of the corpus's region key
    (``indicators/regions/municipality_key_*.csv`` and ``municipality_mergers.csv``)."""
    if corpus_dir is None:
        return []
    folder = Path(corpus_dir) / "indicators" / "regions"
    names: set[str] = set()
    for path in sorted(folder.glob("municipality_*.csv")) if folder.is_dir() else []:
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                for row in csv.DictReader(line for line in fh if not line.startswith("#")):
                    for col, value in row.items():
                        wanted = col and (("name" in col and "municipality" in col) or col in ("old_name", "new_name"))
                        if wanted and value and value.strip():
                            names.add(value.strip())
        except (OSError, UnicodeDecodeError, csv.Error):
            continue  # the indicator stage reports a broken key; masking uses what it can read
    return sorted(names)
