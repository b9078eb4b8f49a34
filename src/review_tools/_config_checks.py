"""Rules between the files of a review folder (references, duplicates, paths), on the raw YAML data.

Used by :mod:`review_tools.config`, the one loader of the review folder.
"""

from __future__ import annotations

from pathlib import Path


def _items(data, key: str) -> list[tuple[int, dict]]:
    """Return ``(index, mapping)`` pairs of a list in raw YAML data, skipping malformed entries."""
    seq = data.get(key) if isinstance(data, dict) else None
    if not isinstance(seq, list):
        return []
    return [(i, x) for i, x in enumerate(seq) if isinstance(x, dict)]


def _as_list(value) -> list:
    return value if isinstance(value, list) else []


def _escapes(relative: str) -> bool:
    """Whether a configured path is absolute or climbs out of its folder with ``..``."""
    p = Path(relative)
    return p.is_absolute() or bool(p.drive) or ".." in p.parts


def cross_checks(raw: dict, corpus_dir: Path | None) -> list[str]:
    """Check references between files on the raw YAML data.

    Working on the raw data (not the validated models) lets a review with a type error in one
    entry still get every broken reference reported in the same run.
    """
    problems: list[str] = []

    def dupes(fname, data, key, what):
        seen: set = set()
        for i, item in _items(data, key):
            ident = item.get("id")
            if ident in seen:
                problems.append(f"{fname}: {key}[{i}].id: duplicate {what} id '{ident}'")
            seen.add(ident)
        return {x for x in seen if isinstance(x, str)}

    codebook = raw.get("codebook")
    code_ids = dupes("codebook.yaml", codebook, "codes", "code") if codebook is not None else None
    if code_ids is not None:
        for i, c in _items(codebook, "codes"):
            parent = c.get("parent")
            if parent is not None and parent not in code_ids:
                problems.append(
                    f"codebook.yaml: codes[{i}].parent: unknown code '{parent}'; must be one of the codebook's ids"
                )

    def check_code(where, value):
        if code_ids is not None and value not in code_ids:
            example = ", ".join(sorted(code_ids)[:4])
            problems.append(f"{where}: unknown code '{value}'; must be a codebook id (e.g. {example})")

    inds = raw.get("indicators")
    ind_ids = dupes("indicators.yaml", inds, "indicators", "indicator") if inds is not None else None
    if inds is not None:
        for i, ind in _items(inds, "indicators"):
            for j, t in enumerate(_as_list(ind.get("themes"))):
                check_code(f"indicators.yaml: indicators[{i}].themes[{j}]", t)
            if ind.get("source", "sotkanet") == "sotkanet" and ind.get("sotkanet_id") is None:
                problems.append(f"indicators.yaml: indicators[{i}].sotkanet_id: required for a Sotkanet indicator")
        pop = inds.get("population_indicator") if isinstance(inds, dict) else None
        if pop is not None and pop not in ind_ids:
            problems.append(f"indicators.yaml: population_indicator: unknown indicator '{pop}'")

    def check_indicator(where, value):
        if ind_ids is not None and value not in ind_ids:
            problems.append(f"{where}: unknown indicator '{value}'; must be one of {sorted(ind_ids)}")

    recs = raw.get("recommendations")
    if recs is not None:
        dupes("recommendations.yaml", recs, "recommendations", "recommendation")
        for i, r in _items(recs, "recommendations"):
            where = f"recommendations.yaml: recommendations[{i}]"
            if "theme" in r:
                check_code(f"{where}.theme", r["theme"])
            for j, m in enumerate(_as_list(r.get("monitoring"))):
                if isinstance(m, dict) and "indicator" in m:
                    check_indicator(f"{where}.monitoring[{j}].indicator", m["indicator"])
            for j, e in enumerate(_as_list(r.get("evidence"))):
                if not isinstance(e, dict):
                    continue
                if e.get("type") == "indicator":
                    check_indicator(f"{where}.evidence[{j}].ref", e.get("ref"))
                elif e.get("type") == "theme":
                    check_code(f"{where}.evidence[{j}].ref", e.get("ref"))

    proto = raw.get("protocol")
    if proto is not None:
        dupes("protocol.yaml", proto, "sources", "source")
        dupes("protocol.yaml", proto, "reviewers", "reviewer")
        confined = proto.get("allow_paths_outside") is not True
        database = proto.get("database")
        if confined and isinstance(database, str) and "://" not in database and _escapes(database):
            problems.append(
                f"protocol.yaml: database: '{database}' lies outside the review folder; write a file name inside "
                "it (e.g. review.db), a postgresql:// address, or set allow_paths_outside: true"
            )
        for i, s in _items(proto, "sources"):
            for j, f in enumerate(_as_list(s.get("files"))):
                if confined and isinstance(f, str) and _escapes(f):
                    problems.append(
                        f"protocol.yaml: sources[{i}].files[{j}]: '{f}' lies outside the corpus folder; write a path "
                        "relative to the corpus folder (e.g. literature/search.ris) or set allow_paths_outside: true"
                    )
                    continue
                if corpus_dir is not None and isinstance(f, str) and not (corpus_dir / f).exists():
                    problems.append(
                        f"protocol.yaml: sources[{i}].files[{j}]: file '{f}' not found in the corpus folder {corpus_dir}"
                    )
        stage_ids = [st.get("id") for _, st in _items(proto, "stages")]
        for sid in sorted({x for x in stage_ids if stage_ids.count(x) > 1 and isinstance(x, str)}):
            problems.append(f"protocol.yaml: stages: stage '{sid}' appears more than once")
        for i, st in _items(proto, "stages"):
            seen: set = set()
            for j, r in enumerate(_as_list(st.get("exclusion_reasons"))):
                code = r.get("code") if isinstance(r, dict) else None
                if code in seen:
                    problems.append(f"protocol.yaml: stages[{i}].exclusion_reasons[{j}].code: duplicate reason code '{code}'")
                seen.add(code)

    infs = raw.get("informants")
    if infs is not None:
        dupes("informants.yaml", infs, "informants", "informant")
        for i, inf in _items(infs, "informants"):
            t = inf.get("transcript")
            if t and corpus_dir is not None and isinstance(t, str) and not (corpus_dir / t).exists():
                problems.append(f"informants.yaml: informants[{i}].transcript: file '{t}' not found in {corpus_dir}")
    return problems
