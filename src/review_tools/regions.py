"""Regions shared by every stage: codes, today's wellbeing services counties, region selection.

One normaliser of region codes (:func:`normalise_region_code`) serves the indicator readers, the
region key, the social reports and the synthesis. :class:`RegionKey` maps every historical
municipality code onto today's municipalities and counties (built by :func:`build_region_key` from
Statistics Finland's municipality keys and the merger table); the indicator stages aggregate data
with it (:mod:`review_tools.indicators.regions`) and the social-report stage validates and counts
reports with it. :func:`regional_reports` selects the social reports of a run's region.

Domain logic only: the keys are read by :mod:`review_tools.readers.reference_tables`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import pandas as pd

from .errors import ConfigError, StageInputError

__all__ = [
    "COUNTRY_CODE",
    "LEVELS",
    "CURRENT_KEY_YEAR",
    "REFORM_YEAR",
    "normalise_region_code",
    "RegionKey",
    "derive_disappearances",
    "build_region_key",
    "region_key_from_folder",
    "county_members",
    "short_county_name",
    "REPORT_REGION_COLUMNS",
    "report_region_column",
    "regional_reports",
]

#: Region levels of the tidy indicator table.
LEVELS = ("municipality", "subregion", "region", "county", "country", "other")
#: The whole country.
COUNTRY_CODE = "SSS"
#: The year of the municipality key that defines today's counties.
CURRENT_KEY_YEAR = 2025
#: Wellbeing services counties exist from this year on.
REFORM_YEAR = 2023


def normalise_region_code(code, level: str = "county", *, strict: bool = True) -> str:
    """Return the canonical string of a region code at ``level``.

    Parameters
    ----------
    code : str or int
        The code as found in a file or given as a parameter (``91``, ``"091"``, ``"05"``,
        ``"5.0"``, ``"KU091"``, ``"SSS"``, ``"sss"``).
    level : str
        One of :data:`LEVELS`.
    strict : bool
        When False, a code that is not a number is returned upper-cased instead of raising
        (for comparing codes of tables whose other rows may hold free text).

    Returns
    -------
    str
        Three digits for municipalities, no leading zeros for counties, regions and
        sub-regions, ``"SSS"`` for the whole country.

    Raises
    ------
    ValueError
        When ``strict`` and the code is not a number (other than the country code).
    """
    try:
        try:
            return _normalise_cached(code, level)
        except TypeError:  # unhashable input
            return _normalise(code, level)
    except ValueError:
        if strict:
            raise
        return str(code).strip().upper()


def _normalise(code, level: str) -> str:
    text = str(code).strip()
    if level == "country":
        return COUNTRY_CODE
    if text.upper() == COUNTRY_CODE:
        return COUNTRY_CODE
    text = re.sub(r"^(KU|SK|MK|HV)", "", text.upper())
    text = re.sub(r"\.0+$", "", text)
    if not text.isdigit():
        raise ValueError(f"region code {code!r} is not a number")
    if level == "municipality":
        return text.zfill(3)[-3:] if len(text) <= 3 else text
    return str(int(text))


#: Region codes repeat across the yearly keys and data rows: normalise each distinct one once.
_normalise_cached = functools.lru_cache(maxsize=65536)(_normalise)


@dataclass(frozen=True)
class RegionKey:
    """Today's regions and the crosswalk from every historical municipality code.

    Attributes
    ----------
    municipalities : DataFrame
        Current key: ``municipality_code, name_fi, name_sv, name_en, county_code,
        county_name_fi, county_name_sv, county_name_en, region_code``.
    crosswalk : DataFrame
        ``old_code, current_code, merged_year`` (``merged_year`` empty for unchanged codes)
        for every code in any key.
    counties : DataFrame
        ``county_code, name_fi, name_sv, name_en``, one row per county, in code order.
    key_year : int
        The year of the current key.
    """

    municipalities: pd.DataFrame
    crosswalk: pd.DataFrame
    counties: pd.DataFrame
    key_year: int
    _to_current: dict = field(default_factory=dict, repr=False, compare=False)
    _county: dict = field(default_factory=dict, repr=False, compare=False)
    _names: dict = field(default_factory=dict, repr=False, compare=False)

    def current_code(self, code: str) -> str | None:
        """Return today's municipality code for ``code`` (None when unknown)."""
        return self._to_current.get(normalise_region_code(code, "municipality"))

    def county_of(self, code: str) -> str | None:
        """Return the county code of a (historical or current) municipality code."""
        cur = self.current_code(code)
        return self._county.get(cur) if cur else None

    def check_region(self, code) -> tuple[str, str]:
        """Normalise a county code, a municipality code (three digits or ``KU853``) or ``SSS`` and return
        ``(code, level)``.

        Raises
        ------
        StageInputError
            When the code is not a county or municipality of the current key nor ``SSS``.
        """
        text = str(code).strip()
        if text.upper() == COUNTRY_CODE:
            return COUNTRY_CODE, "country"
        digits = text[2:] if text.upper().startswith("KU") else text
        if (len(digits) == 3 or text.upper().startswith("KU")) and digits.isdigit():
            norm = normalise_region_code(digits, "municipality")
            if norm in self._county:
                return norm, "municipality"
            raise StageInputError(f"unknown municipality code {code!r}: not a municipality of the {self.key_year} key")
        valid = list(self.counties["county_code"])
        try:
            norm = normalise_region_code(text, "county")
        except ValueError:
            norm = None
        if norm not in valid:
            raise StageInputError(
                f"unknown region code {code!r}: give a wellbeing services county code of the "
                f"{self.key_year} key ({', '.join(valid)}), a municipality code (three digits) or 'SSS' "
                "for the whole country"
            )
        return norm, "county"

    def region_name(self, code: str, language: str = "en") -> str:
        """Return the name of a county, a municipality (three-digit code) or the whole country in ``language``."""
        if code == COUNTRY_CODE:
            return {"fi": "Koko maa", "sv": "Hela landet", "en": "Whole country"}.get(language, "Whole country")
        lang = language if language in ("fi", "sv", "en") else "en"
        if not self._names:
            for rec in self.counties.to_dict("records"):
                for lg in ("fi", "sv", "en"):
                    self._names[(rec["county_code"], lg)] = str(rec[f"name_{lg}"] or rec["name_fi"])
            for rec in self.municipalities.to_dict("records"):
                for lg in ("fi", "sv", "en"):
                    self._names[(rec["municipality_code"], lg)] = str(rec[f"name_{lg}"] or rec["name_fi"])
        return self._names.get((code, lang), code)

    def municipality_names(self, language: str = "en") -> dict[str, str]:
        """Return ``{municipality_code: name}`` of the current key."""
        lang = language if language in ("fi", "sv", "en") else "en"
        names = self.municipalities[f"name_{lang}"].where(self.municipalities[f"name_{lang}"] != "", self.municipalities["name_fi"])
        return dict(zip(self.municipalities["municipality_code"], names, strict=True))


def derive_disappearances(keys: dict[int, pd.DataFrame]) -> pd.DataFrame:
    """List every municipality code that disappears between consecutive keys.

    Parameters
    ----------
    keys : dict of int to DataFrame
        Municipality keys by year (from :func:`~review_tools.readers.indicator_tables.read_yearly_keys`).

    Returns
    -------
    DataFrame
        ``year`` (first key without the code), ``old_code``, ``old_name``, ``new_codes``
        (codes new in that year's key, ``;``-joined; empty when the municipality joined an
        existing one).
    """
    rows = []
    years = sorted(keys)
    for prev, cur in zip(years, years[1:], strict=False):
        a = keys[prev].set_index("municipality_code")
        b = set(keys[cur]["municipality_code"])
        new = sorted(b - set(a.index))
        for code in sorted(set(a.index) - b):
            rows.append({"year": cur, "old_code": code, "old_name": a.loc[code, "name_fi"], "new_codes": ";".join(new)})
    return pd.DataFrame(rows, columns=["year", "old_code", "old_name", "new_codes"])


def build_region_key(current: pd.DataFrame, keys: dict[int, pd.DataFrame], mergers: pd.DataFrame, *, key_year: int = 2025) -> RegionKey:
    """Build the :class:`RegionKey` and check the merger table against the keys.

    Parameters
    ----------
    current : DataFrame
        The current municipality key (with county columns).
    keys : dict of int to DataFrame
        All keys by year, including the current one and any later one (2026); disappearances
        are derived from consecutive keys.
    mergers : DataFrame
        ``year, old_code, new_code``: which municipality each vanished code joined.
    key_year : int
        Year of ``current``.

    Returns
    -------
    RegionKey

    Raises
    ------
    StageInputError
        When a vanished code has no merger row, a merger row names a code no key lost, or a
        successor is not in the key of the merger year.
    """
    gone = derive_disappearances(keys)
    problems = []
    merge_map = dict(zip(mergers["old_code"], mergers["new_code"], strict=True))
    merge_year = dict(zip(mergers["old_code"], mergers["year"], strict=True))
    for rec in gone.itertuples():
        if rec.old_code not in merge_map:
            problems.append(f"municipality {rec.old_code} {rec.old_name} disappears in {rec.year} but the merger table does not say which municipality it joined")
            continue
        if int(merge_year[rec.old_code]) != int(rec.year):
            problems.append(f"merger table says {rec.old_code} merged in {merge_year[rec.old_code]}, the keys say {rec.year}")
        succ = merge_map[rec.old_code]
        if rec.year in keys and succ not in set(keys[rec.year]["municipality_code"]):
            problems.append(f"successor {succ} of {rec.old_code} is not in the {rec.year} key")
    for old in set(merge_map) - set(gone["old_code"]):
        problems.append(f"merger table lists {old}, which no key shows disappearing")
    if problems:
        raise StageInputError("region keys and merger table disagree:\n  - " + "\n  - ".join(problems))

    cur_codes = list(current["municipality_code"])
    to_current: dict[str, str] = {c: c for c in cur_codes}
    all_codes = set().union(*(set(k["municipality_code"]) for k in keys.values()))
    rows = []
    for code in sorted(all_codes | set(cur_codes)):
        target, seen = code, set()
        while target in merge_map and target not in cur_codes and target not in seen:
            seen.add(target)
            target = merge_map[target]
        # a municipality of today's key that merges later (2026) stays on the current key's borders
        if target not in cur_codes:
            continue
        to_current[code] = target
        rows.append({"old_code": code, "current_code": target, "merged_year": merge_year.get(code, "") if code != target else ""})
    crosswalk = pd.DataFrame(rows, columns=["old_code", "current_code", "merged_year"])
    counties = (
        current[["county_code", "county_name_fi", "county_name_sv", "county_name_en"]]
        .drop_duplicates("county_code")
        .rename(columns=lambda c: c.replace("county_", ""))
        .rename(columns={"code": "county_code"})
    )
    counties = counties.assign(_n=counties["county_code"].astype(int)).sort_values("_n").drop(columns="_n").reset_index(drop=True)
    county = dict(zip(current["municipality_code"], current["county_code"], strict=True))
    return RegionKey(current.reset_index(drop=True), crosswalk, counties, key_year, to_current, county)


def county_members(key: RegionKey, county_code: str) -> list[str]:
    """Return today's municipality codes of a county (all municipalities for ``SSS``)."""
    m = key.municipalities
    if county_code == COUNTRY_CODE:
        return list(m["municipality_code"])
    return list(m.loc[m["county_code"] == county_code, "municipality_code"])


def region_key_from_folder(folder: dict, key_year: int = CURRENT_KEY_YEAR) -> RegionKey:
    """Build the :class:`RegionKey` from the keys read by :func:`~review_tools.readers.reference_tables.read_region_folder`.

    Raises
    ------
    ConfigError
        When the key of ``key_year`` is missing.
    """
    keys = folder["keys"]
    if key_year not in keys:
        raise ConfigError([f"indicators/regions: municipality_key_{key_year}.csv missing (counties are defined by it)"])
    return build_region_key(keys[key_year], keys, folder["mergers"], key_year=key_year)


def short_county_name(name: str) -> str:
    """A county's name without "wellbeing services county" / "hyvinvointialue" (figure labels)."""
    for suffix in (" wellbeing services county", "n hyvinvointialue", " hyvinvointialue"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


# --------------------------------------------------------------------------- social reports by region

#: Columns of ``social_reports.csv`` that may hold a report's county, in order of preference.
REPORT_REGION_COLUMNS = ("county_code", "region", "region_code")


def report_region_column(reports: pd.DataFrame) -> str | None:
    """The column of ``social_reports.csv`` holding the report's county (``county_code`` in the
    form export, ``region`` in older exports), or None."""
    return next((c for c in REPORT_REGION_COLUMNS if c in reports.columns), None)


def regional_reports(reports: pd.DataFrame, region: str, scope=None) -> pd.DataFrame:
    """Return the social reports a run of ``region`` counts: those of the region itself (a county's include its
    municipalities'), of the county of a municipal run, and those with no region (national); all of them for
    the whole country (``SSS``) or when the table has no county or municipality column.

    ``scope`` (a :class:`review_tools.scopes.RunScope`) knows each municipality's county; without it, a
    report's own ``county_code`` says which county its municipality is in.
    """
    from .scopes import run_scope, scope_of_report

    col = report_region_column(reports)
    mcol = "municipality_code" if "municipality_code" in reports.columns else None
    scope = scope or run_scope(normalise_region_code(region, strict=False))
    if scope.level == "country" or (col is None and mcol is None):
        return reports.copy()
    counties = reports[col] if col else pd.Series([None] * len(reports), index=reports.index)
    muns = reports[mcol] if mcol else pd.Series([None] * len(reports), index=reports.index)
    keep = [scope.shows(scope_of_report(c, m), c) for c, m in zip(counties, muns, strict=True)]
    return reports[pd.Series(keep, index=reports.index, dtype=bool)].copy()
