"""Run parameters checked before any stage runs: region (county, municipality or the whole country), period, language.

:func:`resolve_region` accepts a wellbeing services county code (``5``, ``05``, ``HV5``), a municipality code
(three digits, ``853``, ``KU853``), ``SSS`` for the whole country, or a name in Finnish, Swedish or English
(``Turku``, ``Åbo``, ``Varsinais-Suomi``, ``Egentliga Finlands välfärdsområde``); an unknown one raises
:class:`RunParameterError` listing the valid choices and the closest names or codes (difflib).
:func:`validate_run_parameters` checks a run's whole parameter set in well under two seconds (it reads only
one municipality key and the year column of the indicator panel, with the standard library: pandas is not
imported), so the runner can call it first.
:func:`batch_regions` expands ``all-counties``, ``all-municipalities`` and ``municipalities:<county>``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ._parameter_text import message
from .errors import ReviewToolsError

# the same values as review_tools.regions (which imports pandas; this module must answer before pandas loads)
COUNTRY_CODE = "SSS"
CURRENT_KEY_YEAR = 2025

__all__ = ["RunParameterError", "Region", "resolve_region", "region_table", "batch_regions", "supported_languages",
           "parse_period", "validate_run_parameters", "validate_batch"]

_PERIOD = re.compile(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*")

COUNTRY_NAMES = {"fi": "Koko maa", "sv": "Hela landet", "en": "Whole country"}


class RunParameterError(ReviewToolsError):
    """A run parameter is invalid; the message lists the valid choices."""


@dataclass(frozen=True)
class Region:
    """A resolved region: normalised ``code``, ``level`` (``county``, ``municipality``, ``country``), names and
    the county a municipality belongs to."""

    code: str
    level: str
    name_fi: str
    name_sv: str
    name_en: str
    county_code: str = ""

    def name(self, language: str = "en") -> str:
        """The name in ``language`` (Finnish when missing)."""
        return getattr(self, f"name_{language}", "") or self.name_fi


def _records(key) -> list[dict]:
    return key.to_dict("records") if hasattr(key, "to_dict") else list(key)


def region_table(key) -> list[dict]:
    """Every choosable region of a municipality key: records ``code, level, name_fi, name_sv, name_en,
    county_code, short_fi`` (counties in code order, then municipalities, then ``SSS``).

    ``key`` holds the records of :func:`~review_tools.readers.key_records.read_key_records` (or the frame of
    :func:`~review_tools.readers.reference_tables.read_municipality_key`).
    """
    recs = _records(key)
    mun = [{"code": r["municipality_code"], "level": "municipality", "name_fi": r["name_fi"], "name_sv": r["name_sv"],
            "name_en": r["name_en"], "county_code": r["county_code"], "short_fi": "", "short_sv": "", "short_en": ""}
           for r in recs]
    counties: dict[str, dict] = {}
    regions_of: dict[str, set] = {}
    counties_of: dict[str, set] = {}
    region_names: dict[str, dict] = {}
    for r in recs:
        c = r["county_code"]
        if not c:
            continue
        counties.setdefault(c, {"code": c, "level": "county", "name_fi": r["county_name_fi"], "name_sv": r["county_name_sv"],
                                "name_en": r["county_name_en"], "county_code": c, "short_fi": "", "short_sv": "",
                                "short_en": ""})
        region = r.get("region_name_fi", "")
        regions_of.setdefault(c, set()).add(region)
        counties_of.setdefault(region, set()).add(c)
        region_names.setdefault(region, {lg: r.get(f"region_name_{lg}", "") for lg in ("sv", "en")})
    # a region (maakunta) whose municipalities are exactly one county's lends the county its short name
    # ("Varsinais-Suomi" for Varsinais-Suomen hyvinvointialue)
    for c, rec in counties.items():
        regs = regions_of[c]
        if len(regs) == 1:
            (region,) = regs
            if region and counties_of[region] == {c}:
                rec["short_fi"] = region.split(" - ")[0]
                rec["short_sv"] = region_names[region]["sv"].split(" - ")[0]  # "Egentliga Finland"
                rec["short_en"] = region_names[region]["en"].split(" - ")[0]
    country = {"code": COUNTRY_CODE, "level": "country", **{f"name_{k}": v for k, v in COUNTRY_NAMES.items()},
               "county_code": "", "short_fi": "", "short_sv": "", "short_en": ""}
    return [*sorted(counties.values(), key=lambda r: int(r["code"])), *mun, country]


def _fold(text: str) -> str:
    return " ".join(str(text).casefold().replace("–", "-").split())


def _short(name: str) -> str:
    for suffix in (" wellbeing services county", " hyvinvointialue", " välfärdsområde"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _lookup(table: list[dict]) -> dict[str, list[int]]:
    names: dict[str, list[int]] = {}
    for i, rec in enumerate(table):
        for n in {rec["name_fi"], rec["name_sv"], rec["name_en"], rec["short_fi"], rec.get("short_sv", ""),
                  rec.get("short_en", ""), _short(rec["name_fi"]), _short(rec["name_sv"]), _short(rec["name_en"])}:
            if n:
                names.setdefault(_fold(n), []).append(i)
    return names


def _code_of(text: str) -> tuple[str, str] | None:
    t = text.strip().upper()
    if t == COUNTRY_CODE:
        return COUNTRY_CODE, "country"
    prefix = t[:2] if t[:2] in ("KU", "HV") else ""
    digits = t[len(prefix):]
    if not digits.isdigit():
        return None
    if prefix == "KU" or (not prefix and len(digits) == 3):
        return digits.zfill(3)[-3:], "municipality"
    return str(int(digits)), "county"


def resolve_region(key, text, *, table: list[dict] | None = None, language: str = "en") -> Region:
    """Resolve a region parameter against a municipality key.

    Parameters
    ----------
    key : list of dict or DataFrame
        The municipality key of the run's year (with county columns).
    text : str or int
        A county code (one or two digits, ``HV5``), a municipality code (three digits, ``KU853``), ``SSS``,
        or a Finnish, Swedish or English name (case-insensitive; county names with or without
        "hyvinvointialue"/"välfärdsområde"/"wellbeing services county").
    table : list of dict, optional
        :func:`region_table` of ``key`` when already built.
    language : str
        Of the error message and the region names in it (``fi``, ``sv``; else English).

    Returns
    -------
    Region

    Raises
    ------
    RunParameterError
        For an unknown code or name, or a name of two regions, with the valid choices and a "did you mean".
    """
    table = region_table(key) if table is None else table
    raw = str(text).strip()
    code = _code_of(raw)
    if code is not None:
        hits = [i for i, r in enumerate(table) if (r["code"], r["level"]) == code]
    else:
        hits = _lookup(table).get(_fold(raw), [])
    if len(hits) > 1 and {table[i]["level"] for i in hits} == {"county", "municipality"}:
        hits = [i for i in hits if table[i]["level"] == "municipality"]
    if len(hits) == 1:
        return _region(table[hits[0]])
    if len(hits) > 1:
        opts = ", ".join(f"{table[i]['code']} {_name(table[i], language)}" for i in hits)
        raise RunParameterError(message("several_regions", language, raw=raw, options=opts))
    raise RunParameterError(_unknown_region_message(raw, table, language))


def _region(r: dict) -> Region:
    return Region(r["code"], r["level"], r["name_fi"], r["name_sv"], r["name_en"], r["county_code"])


def _name(rec: dict, language: str, short: bool = False) -> str:
    """A region's name in ``language`` (Swedish names where the key has them; Finnish otherwise)."""
    lang = language if language in ("fi", "sv") else "fi"
    if short:
        return rec.get(f"short_{lang}") or rec["short_fi"] or rec[f"name_{lang}"] or rec["name_fi"]
    return rec[f"name_{lang}"] or rec["name_fi"]


def _unknown_region_message(raw: str, table: list[dict], language: str = "en") -> str:
    labels: dict[str, str] = {}
    for rec in table:
        for n in (rec["name_fi"], rec["name_sv"], rec["name_en"], rec["short_fi"], rec.get("short_sv", ""), rec["code"]):
            if n:
                labels.setdefault(n, f"{rec['code']} {_name(rec, language)}")
    close = difflib.get_close_matches(raw, list(labels), n=5, cutoff=0.6)
    if not close:
        folded = {_fold(k): k for k in labels}
        close = [folded[c] for c in difflib.get_close_matches(_fold(raw), list(folded), n=5, cutoff=0.5)]
    guess = list(dict.fromkeys(labels[c] for c in close))
    counties = [r for r in table if r["level"] == "county"]
    county_list = ", ".join(f"{r['code']} {_name(r, language, short=True)}" for r in counties)
    n_mun = sum(r["level"] == "municipality" for r in table)
    msg = message("unknown_region", language, raw=raw, counties=county_list, n=n_mun)
    if guess:
        msg += message("did_you_mean", language, guess=", ".join(guess))
    return msg


def batch_regions(key, spec: str, *, language: str = "en") -> list[Region]:
    """Expand a batch over regions.

    ``all`` (every county, then ``SSS``), ``all-counties`` (the counties of the key, Helsinki and Åland
    included), ``all-municipalities`` (every municipality of the key, in code order),
    ``municipalities:<county code or name>`` (also written ``municipalities-of:<county>``, e.g.
    ``municipalities-of:Varsinais-Suomi`` or ``municipalities:5``), or a comma-separated list of regions (each
    resolved by :func:`resolve_region`).

    ``language`` words the errors (``fi``, ``sv``; else English).

    Raises
    ------
    RunParameterError
        For an unknown county or region.
    """
    table = region_table(key)
    s = str(spec).strip()
    if s == "all-counties":
        return [_region(r) for r in table if r["level"] == "county"]
    if s == "all":
        return [_region(r) for r in table if r["level"] in ("county", "country")]
    if s == "all-municipalities":
        return sorted((_region(r) for r in table if r["level"] == "municipality"), key=lambda r: r.code)
    if s.startswith(("municipalities:", "municipalities-of:", "municipalities-of-")):
        which = s.split(":", 1)[1] if ":" in s else s[len("municipalities-of-"):]
        county = resolve_region(key, which, table=table, language=language)
        if county.level != "county":
            raise RunParameterError(message("not_a_county", language, which=which,
                                            level=message(f"level_{county.level}", language)))
        return sorted((_region(r) for r in table if r["level"] == "municipality" and r["county_code"] == county.code),
                      key=lambda r: r.code)
    sets = ("all", "all-counties", "all-municipalities", "municipalities:")
    if "," not in s and s.casefold().startswith(("all", "municipalities")):
        close = difflib.get_close_matches(s.casefold(), sets, n=2, cutoff=0.5)
        raise RunParameterError(message("unknown_set", language, spec=s)
                                + (message("set_did_you_mean", language, guess=", ".join(close)) if close else ""))
    return [resolve_region(key, part, table=table, language=language) for part in s.split(",") if part.strip()]


def supported_languages() -> tuple[str, ...]:
    """Languages the report can be written in: those with a text table ``review_tools/report/text_<lang>.py``
    (looked up as files: importing the report package would load pandas)."""
    here = Path(__file__).resolve().parent / "report"
    return tuple(lang for lang in ("fi", "sv", "en") if (here / f"text_{lang}.py").exists())


def parse_period(period, *, error: type[ReviewToolsError] = RunParameterError, language: str = "en") -> tuple[int, int]:
    """Parse ``"Y1-Y2"`` (or one year) into ``(Y1, Y2)``: the one period parser of review-tools.

    Parameters
    ----------
    period : str
        Four-digit years joined by ``-`` or ``–`` (spaces allowed), or one year.
    error : type
        The error to raise (:class:`RunParameterError` for run parameters; the stages pass
        :class:`~review_tools.errors.StageInputError`).
    language : str
        Of the error message (``fi``, ``sv``; else English).

    Raises
    ------
    error
        When it is not of that form or Y1 > Y2.
    """
    m = _PERIOD.fullmatch(str(period))
    y1, y2 = (int(m.group(1)), int(m.group(2) or m.group(1))) if m else (None, None)
    if y1 is None or y1 > y2:
        raise error(message("period_invalid", language, period=period))
    return y1, y2


def validate_run_parameters(params: dict, *, corpus_dir, data_years: tuple[int, int] | None = None,
                            key_year: int = CURRENT_KEY_YEAR, languages: tuple[str, ...] | None = None) -> dict:
    """Check a run's parameters before any stage runs; return them normalised.

    Parameters
    ----------
    params : dict
        The run's parameters (``region``, ``period``, ``language``; others are passed through).
    corpus_dir : path-like
        The corpus; its ``indicators/regions/municipality_key_<key_year>.csv`` defines the regions and,
        unless ``data_years`` is given, ``indicators/diak/`` the years with indicator data.
    data_years : tuple of int, optional
        First and last year with indicator data.
    key_year : int
        The municipality key whose regions are valid.
    languages : tuple of str, optional
        Supported languages (default :func:`supported_languages`).

    Returns
    -------
    dict
        ``params`` with ``region`` normalised (``853``, ``5``, ``SSS``), ``region_level``, ``region_name``
        and ``period`` as ``Y1-Y2``.

    Raises
    ------
    RunParameterError
        Naming every invalid parameter at once, each with its valid choices.
    """
    from .readers.key_records import read_key_records

    out, problems = dict(params), []
    langs = supported_languages() if languages is None else languages
    language = str(params.get("language", "en"))
    lang = language if language in langs else "en"  # the messages' language: the run's, once it is a valid one
    if language not in langs:
        close = difflib.get_close_matches(language, langs, n=1, cutoff=0.3)
        problems.append(message("language", "en", code=language, valid=", ".join(langs))
                        + (message("set_did_you_mean", "en", guess=close[0]) if close else ""))
    if "region" in params:
        key_path = Path(corpus_dir) / "indicators" / "regions" / f"municipality_key_{key_year}.csv"
        if not key_path.exists():
            raise RunParameterError(message("key_missing", lang, path=key_path))
        try:
            region = resolve_region(read_key_records(key_path), params["region"], language=lang)
            out.update(region=region.code, region_level=region.level, region_name=region.name(lang))
        except RunParameterError as exc:
            problems.append(str(exc))
    if params.get("period") not in (None, ""):
        try:
            y1, y2 = parse_period(params["period"], language=lang)
            years = data_years or _panel_years(corpus_dir)
            if years is not None and (y2 < years[0] or y1 > years[1]):
                problems.append(message("period_no_data", lang, y1=y1, y2=y2, first=years[0], last=years[1]))
            out["period"] = f"{y1}-{y2}"
        except RunParameterError as exc:
            problems.append(str(exc))
    if problems:
        raise RunParameterError(message("invalid", lang) + "\n  - " + "\n  - ".join(problems))
    return out


def _panel_years(corpus_dir) -> tuple[int, int] | None:
    from .readers.key_records import scan_years

    path = Path(corpus_dir) / "indicators" / "diak" / "huono_osaisuus_2011_2020.csv.gz"
    return scan_years(path) if path.exists() else None


def validate_batch(key: str, values: str, params: dict, *, corpus_dir, key_year: int = CURRENT_KEY_YEAR) -> list[str]:
    """Expand and check a batch's values before anything runs (standard library only, like
    :func:`validate_run_parameters`): every region of a region set resolved, every other value checked
    with the run's other parameters.

    Returns
    -------
    list of str
        The normalised values (region codes for ``region``).

    Raises
    ------
    RunParameterError
        For an unknown region set, region, period or language, with the valid choices.
    """
    from .readers.key_records import read_key_records

    language = str(params.get("language", "en"))
    lang = language if language in supported_languages() else "en"
    if key == "region":
        key_path = Path(corpus_dir) / "indicators" / "regions" / f"municipality_key_{key_year}.csv"
        if not key_path.exists():
            raise RunParameterError(message("key_missing", lang, path=key_path))
        try:
            regions = batch_regions(read_key_records(key_path), values, language=lang)
        except RunParameterError as exc:
            raise RunParameterError(f"--batch region={values}: {exc}") from None
        if not regions:
            raise RunParameterError(f"--batch region={values}: {message('no_regions', lang)}")
        rest = {k: v for k, v in params.items() if k != "region"}
        if any(k in rest for k in ("period", "language")):
            validate_run_parameters(rest, corpus_dir=corpus_dir, key_year=key_year)
        return [r.code for r in regions]
    vals = [v.strip() for v in str(values).split(",") if v.strip()]
    if key in ("period", "language"):
        for v in vals:
            validate_run_parameters({**params, key: v}, corpus_dir=corpus_dir, key_year=key_year)
    return vals
