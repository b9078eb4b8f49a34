"""Region scopes: which region a recommendation, finding, interview or social report speaks for.

A scope is written in the review folder as a ``region`` field (recommendations, findings, informants) and
read from a social report's ``county_code`` / ``municipality_code`` columns. Its forms are those of a run's
``region`` parameter (:func:`review_tools.parameters.resolve_region`):

``national`` (or ``SSS``, or no value)
    the whole country: shown in every run;
a wellbeing services county code (``5``, ``05``, ``HV5``) or name
    shown in that county's run, in the runs of its municipalities and in the whole-country run;
a municipality code (three digits, ``853``, ``KU853``) or name
    shown in that municipality's run, in its county's run and in the whole-country run.

:class:`RunScope` answers, for one run, how an item's scope relates to the run's region
(:meth:`RunScope.relation`): ``"local"`` (the run's own region or a part of it), ``"county"`` (the county of a
municipal run), ``"national"``, or None (another region: not shown). A county run thus shows its own and the
national items; a municipal run its own, its county's and the national ones.

Standard library only (the configuration loader uses it before pandas is imported).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["NATIONAL", "RELATIONS", "Scope", "RunScope", "parse_scope", "scope_of_report", "run_scope"]

#: The scope of an item that speaks for the whole country.
NATIONAL = "national"
#: How an item's scope relates to a run's region, in report order (None: not shown).
RELATIONS = ("local", "county", "national")
_COUNTRY = "SSS"


@dataclass(frozen=True)
class Scope:
    """A parsed scope: ``level`` (``national``, ``county``, ``municipality``) and normalised ``code``
    (``""`` for national; county codes without leading zeros; municipality codes of three digits)."""

    level: str
    code: str = ""

    def __str__(self) -> str:
        return NATIONAL if self.level == NATIONAL else self.code


def _code_form(text: str) -> Scope | None:
    """The scope of a code written as a run's region is (None when ``text`` is not a code)."""
    t = text.strip().upper()
    if t in ("", _COUNTRY, NATIONAL.upper()):
        return Scope(NATIONAL)
    for prefix, level in (("KU", "municipality"), ("HV", "county")):
        if t.startswith(prefix) and t[2:].isdigit():
            digits = t[2:]
            return Scope(level, digits.zfill(3)[-3:] if level == "municipality" else str(int(digits)))
    if t.endswith(".0"):
        t = t[:-2]
    if not t.isdigit():
        return None
    if len(t) == 3:
        return Scope("municipality", t)
    return Scope("county", str(int(t)))


def parse_scope(value, key_records: list[dict] | None = None) -> Scope:
    """Parse a ``region`` scope value.

    Parameters
    ----------
    value : str, int or None
        ``national``/``SSS``/None, a county code, a municipality code, or (with ``key_records``) a name.
    key_records : list of dict, optional
        The municipality key (:func:`~review_tools.readers.key_records.read_key_records`): when given, names are
        resolved and codes must exist in it.

    Returns
    -------
    Scope

    Raises
    ------
    ValueError
        With a message listing the valid choices, for a value that is not a scope.
    """
    if value is None or (isinstance(value, float) and value != value):
        return Scope(NATIONAL)
    text = str(value).strip()
    if key_records is None:
        scope = _code_form(text)
        if scope is None:
            raise ValueError(f"'{text}' is not a region scope; write 'national', a wellbeing services county code "
                             "(e.g. 5) or a municipality code of three digits (e.g. 853)")
        return scope
    if text.casefold() in ("", NATIONAL, _COUNTRY.casefold()):
        return Scope(NATIONAL)
    code = _code_form(text)
    names = _names(key_records)
    if code is not None:
        if f"{code.level}:{code.code}" in names:
            return code
    else:
        hits = names.get(_fold(text))
        if hits is not None:
            return Scope(*hits)
    counties = sorted({(r["county_code"], r.get("county_name_fi", "")) for r in key_records if r.get("county_code")},
                      key=lambda c: int(c[0]))
    listed = ", ".join(f"{c} {n}" for c, n in counties)
    n_mun = len({r["municipality_code"] for r in key_records})
    raise ValueError(f"unknown region '{text}'. Valid: 'national' for the whole country; a wellbeing services county "
                     f"code or name ({listed}); or one of the {n_mun} municipality codes (three digits, e.g. 853) or "
                     "names in Finnish or Swedish")


_SUFFIXES = (" wellbeing services county", "n hyvinvointialue", " hyvinvointialue", " välfärdsområde")


def _fold(text: str) -> str:
    return " ".join(str(text).casefold().replace("–", "-").split())


def _names(key_records: list[dict]) -> dict:
    """Folded name or ``level:code`` -> ``(level, code)`` of every county and municipality of a key (a municipality
    wins over a county of the same name, as in a run's region parameter)."""
    out: dict = {}
    for r in key_records:
        c = r.get("county_code")
        if c:
            out[f"county:{c}"] = ("county", c)
            for lang in ("fi", "sv", "en"):
                name = r.get(f"county_name_{lang}") or ""
                for n in {name, *(name[: -len(x)] for x in _SUFFIXES if name.endswith(x))}:
                    if n:
                        out.setdefault(_fold(n), ("county", c))
    # a region (maakunta) whose municipalities are exactly one county's names the county ("Varsinais-Suomi")
    regions: dict = {}
    for r in key_records:
        if r.get("region_name_fi") and r.get("county_code"):
            regions.setdefault(r["region_name_fi"], set()).add(r["county_code"])
    for region, cs in regions.items():
        if len(cs) == 1:
            out.setdefault(_fold(region.split(" - ")[0]), ("county", next(iter(cs))))
    for r in key_records:
        m = r["municipality_code"]
        out[f"municipality:{m}"] = ("municipality", m)
        for lang in ("fi", "sv", "en"):
            if r.get(f"name_{lang}"):
                out[_fold(r[f"name_{lang}"])] = ("municipality", m)
    return out


def _digits(value) -> str:
    """The digits of a code cell (``""`` for an empty, missing or non-numeric one; ``5.0`` is ``5``)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value).strip().upper()
    text = text[2:] if text[:2] in ("KU", "HV") else text
    text = text[:-2] if text.endswith(".0") else text
    return text if text.isdigit() else ""


def scope_of_report(county_code, municipality_code) -> Scope:
    """The scope of a social report from its ``county_code`` and ``municipality_code`` (the municipality when given,
    else the county, else national)."""
    mun, county = _digits(municipality_code), _digits(county_code)
    if mun:
        return Scope("municipality", mun.zfill(3)[-3:])
    if county:
        return Scope("county", str(int(county)))
    return Scope(NATIONAL)


@dataclass(frozen=True)
class RunScope:
    """The region of one run and what it shows.

    Attributes
    ----------
    code : str
        The run's region (county code, municipality code or ``SSS``).
    level : str
        ``country``, ``county`` or ``municipality``.
    county : str
        The county of a municipal run (``""`` otherwise, or when unknown).
    counties : mapping
        Municipality code -> county code of the current key (empty when the key was not available: a
        municipality scope then counts in a county run only when its county is given, e.g. by a social report).
    records : tuple of dict
        The municipality key's records (scopes written as names are resolved with them).
    """

    code: str
    level: str
    county: str = ""
    counties: Mapping[str, str] = field(default_factory=dict, repr=False)
    records: tuple = field(default=(), repr=False, compare=False)

    def parse(self, value) -> Scope:
        """:func:`parse_scope` of ``value`` with this run's municipality key (names allowed) when it has one."""
        if isinstance(value, Scope):
            return value
        return parse_scope(value, list(self.records) if self.records else None)

    def relation(self, scope, county: str | None = None) -> str | None:
        """How an item of ``scope`` relates to this run: ``local``, ``county``, ``national`` or None (not shown).

        ``scope`` is a :class:`Scope` or a value :func:`parse_scope` reads; ``county`` is the county of a
        municipality scope when the item itself says it (a social report's ``county_code``).
        """
        s = self.parse(scope)
        if s.level == NATIONAL:
            return "national"
        if self.level == "country":
            return "local"
        if s.level == "municipality":
            if self.level == "municipality":
                return "local" if s.code == self.code else None
            home = self.counties.get(s.code) or (str(int(_digits(county))) if _digits(county) else "")
            return "local" if home == self.code else None
        # a county scope
        if self.level == "county":
            return "local" if s.code == self.code else None
        return "county" if s.code == self.county else None

    def shows(self, scope, county: str | None = None) -> bool:
        """Whether an item of ``scope`` belongs in this run's report."""
        return self.relation(scope, county) is not None


def run_scope(region, key_records: Iterable[dict] | None = None) -> RunScope:
    """The :class:`RunScope` of a run's ``region`` (a code as normalised by the run parameters).

    ``key_records`` (the municipality key's records) tells which county each municipality belongs to.
    """
    records = tuple(key_records or ())
    counties = {r["municipality_code"]: r["county_code"] for r in records if r.get("county_code")}
    s = _code_form(str(region))
    if s is None or s.level == NATIONAL:
        return RunScope(_COUNTRY, "country", "", counties, records)
    return RunScope(s.code, s.level, counties.get(s.code, "") if s.level == "municipality" else "", counties, records)
