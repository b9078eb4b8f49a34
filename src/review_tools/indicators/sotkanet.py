"""Sotkanet metadata and citations (pure; the API client is :mod:`review_tools.readers.sotkanet_api`)."""

from __future__ import annotations

__all__ = ["citation", "metadata_summary"]


def metadata_summary(meta: dict, language: str = "en") -> dict:
    """Return the fields of indicator metadata a report needs.

    Returns
    -------
    dict
        ``sotkanet_id, title_fi, title_sv, title_en, unit, decimals, range_start, range_end,
        data_updated, organisation``.
    """
    title = meta.get("title") or {}
    unit = ((meta.get("primaryValueType") or {}).get("title") or {})
    rng = meta.get("range") or {}
    org = ((meta.get("organization") or {}).get("title") or {})
    return {
        "sotkanet_id": meta.get("id"),
        "title_fi": title.get("fi", ""),
        "title_sv": title.get("sv", ""),
        "title_en": title.get("en", ""),
        "unit": unit.get(language) or unit.get("fi", ""),
        "decimals": meta.get("decimals"),
        "range_start": rng.get("start"),
        "range_end": rng.get("end"),
        "data_updated": meta.get("data-updated", ""),
        "organisation": org.get(language) or org.get("fi", ""),
    }


def citation(sotkanet_id: int, title: str, *, referenced: str | None = None, language: str = "en") -> str:
    """Return the CC BY 4.0 citation Sotkanet asks for (help page 296).

    Parameters
    ----------
    sotkanet_id : int
        The indicator id.
    title : str
        Its title in ``language``.
    referenced : str, optional
        Date the data were retrieved (ISO); omitted when unknown.
    language : str
        ``en``, ``fi`` or ``sv``.
    """
    if language == "sv":
        text = f"Statistik- och indikatorbanken Sotkanet. Institutet för hälsa och välfärd (THL). {title} (ind. {sotkanet_id})."
        return text + (f" Hänvisad {referenced}." if referenced else "") + " CC BY 4.0."
    if language == "fi":
        text = f"Tilasto- ja indikaattoripankki Sotkanet. Terveyden ja hyvinvoinnin laitos. {title} (ind. {sotkanet_id})."
        return text + (f" Viitattu {referenced}." if referenced else "") + " CC BY 4.0."
    text = f"Sotkanet Indicator Bank. Finnish Institute for Health and Welfare (THL). {title} (ind. {sotkanet_id})."
    return text + (f" Referenced on {referenced}." if referenced else "") + " CC BY 4.0."
