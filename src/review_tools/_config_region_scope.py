"""The ``region`` scope of recommendations, findings and informants, checked against the region key.

Used by :mod:`review_tools.config` (the one loader of the review folder). A scope is ``national``, a wellbeing
services county or a municipality (code or name; see :mod:`review_tools.scopes`). With the corpus folder the
values are checked against its municipality key (``indicators/regions/municipality_key_<year>.csv``); without
it, only their form. A review file with a list of items carrying ``region`` adds itself to :data:`SCOPED_LISTS`
(or calls :func:`check_scope_list` on its own data).
"""

from __future__ import annotations

import csv
from pathlib import Path

from .scopes import parse_scope

__all__ = ["SCOPED_LISTS", "KEY_YEAR", "scope_key_records", "check_scope_list", "region_scope_checks"]

#: raw key of a review file -> (file name, list key, id key) of the items that carry a ``region`` scope.
SCOPED_LISTS = {
    "recommendations": ("recommendations.yaml", "recommendations", "id"),
    "findings": ("findings.yaml", "findings", "id"),
    "informants": ("informants.yaml", "informants", "id"),
}
#: The municipality key whose regions a scope may name.
KEY_YEAR = 2025


def scope_key_records(corpus_dir: str | Path | None) -> list[dict] | None:
    """The municipality key's records of the corpus, or None without a corpus or key (form checks only)."""
    if corpus_dir is None:
        return None
    path = Path(corpus_dir) / "indicators" / "regions" / f"municipality_key_{KEY_YEAR}.csv"
    if not path.is_file():
        return None
    # the columns review_tools.readers.key_records reads (that package loads the configuration: no import here)
    columns = {"municipality_code": "kunta", "name_fi": "municipality_name_fi", "name_sv": "municipality_name_sv",
               "name_en": "municipality_name_en", "county_code": "hyvinvointialue_code",
               "county_name_fi": "hyvinvointialue_name_fi", "county_name_sv": "hyvinvointialue_name_sv",
               "county_name_en": "hyvinvointialue_name_en", "region_name_fi": "maakunta_name_fi"}
    out = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            rec = {ours: (row.get(theirs) or "").strip() for ours, theirs in columns.items()}
            mun, county = rec["municipality_code"].removesuffix(".0"), rec["county_code"].removesuffix(".0")
            if not mun.isdigit():
                continue
            rec["municipality_code"] = mun.zfill(3)[-3:]
            rec["county_code"] = str(int(county)) if county.isdigit() else ""
            out.append(rec)
    return out


def check_scope_list(fname: str, data, list_key: str, key_records: list[dict] | None,
                     id_key: str = "id", field: str = "region") -> list[str]:
    """Problems of the ``field`` scopes of the items of ``data[list_key]`` (raw YAML data).

    Each names the file, the item (position and id) and lists the valid choices.
    """
    seq = data.get(list_key) if isinstance(data, dict) else None
    problems = []
    for i, item in enumerate(seq if isinstance(seq, list) else []):
        if not isinstance(item, dict) or item.get(field) is None:
            continue
        value = item[field]
        ident = item.get(id_key)
        where = f"{fname}: {list_key}[{i}]" + (f" (id '{ident}')" if ident is not None else "") + f".{field}"
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            problems.append(f"{where}: value {value!r} is invalid; write 'national', a wellbeing services county "
                            "or a municipality (code or name)")
            continue
        try:
            parse_scope(value, key_records)
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
    return problems


def region_scope_checks(raw: dict, corpus_dir: str | Path | None) -> list[str]:
    """Check the ``region`` scope of every scoped list present in ``raw`` (file key -> raw YAML data)."""
    present = [k for k in SCOPED_LISTS if raw.get(k) is not None]
    if not present:
        return []
    records = scope_key_records(corpus_dir)
    out: list[str] = []
    for key in present:
        fname, list_key, id_key = SCOPED_LISTS[key]
        out += check_scope_list(fname, raw[key], list_key, records, id_key)
    return out
