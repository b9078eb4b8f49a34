"""Read regional indicator tables into one tidy schema.

Formats teams actually have:

* Sotkanet ``/json`` data rows (``indicator, region, year, gender, value, absValue``), where
  ``region`` is Sotkanet's internal id, joined to official codes through ``/regions``;
* Sotkanet ``/csv`` exports (``indicator;region;year;gender;primary value;absolute value``);
* the long Sotkanet panel of ouzor/sotkanet-shiny (``Muuttuja, Alue, Vuosi, Arvo, Maakunta``:
  indicator title with a group tag, area name, year, value);
* Statistics Finland PxWeb JSON-stat2 responses;
* a plain long CSV (``indicator_id, region_code, year, value`` and optional columns).

Every reader returns a DataFrame with :data:`TIDY_COLUMNS`. Region codes are normalised:
municipalities as three digits (``"091"``), wellbeing services counties and regions without
leading zeros (``"5"``), the whole country as ``"SSS"``.

The readers live in :mod:`~review_tools.readers.tidy` (the schema), :mod:`~review_tools.readers.sotkanet_tables`
and :mod:`~review_tools.readers.indicator_formats` (the format parsers) and
:mod:`~review_tools.readers.reference_tables` (the Sotkanet region and indicator lists, Statistics Finland's
municipality keys, the merger table and the tile grid of counties); this module reads a whole corpus
folder (:func:`read_indicator_folder`) and gathers the public names.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import CorpusFormatError
from .diak_panel import PANEL_FILE, read_diak_panel
from .indicator_formats import parse_jsonstat2, read_indicator_table, read_long_csv, read_pxweb_json
from .reference_tables import (
    parse_sotkanet_regions,
    read_grid,
    read_mergers,
    read_municipality_key,
    read_panel_municipalities,
    read_region_folder,
    read_region_key,
    read_sotkanet_indicator_list,
    read_sotkanet_regions,
    read_yearly_keys,
)
from .sotkanet_tables import (
    parse_sotkanet_rows,
    read_sotkanet_csv,
    read_sotkanet_json,
    read_sotkanet_panel,
)
from .tidy import COUNTRY_CODE, GENDERS, LEVELS, TIDY_COLUMNS, empty_tidy, normalise_region_code

__all__ = [
    "TIDY_COLUMNS",
    "LEVELS",
    "COUNTRY_CODE",
    "empty_tidy",
    "normalise_region_code",
    "parse_sotkanet_rows",
    "parse_sotkanet_regions",
    "parse_jsonstat2",
    "read_sotkanet_json",
    "read_sotkanet_csv",
    "read_sotkanet_panel",
    "read_pxweb_json",
    "read_long_csv",
    "read_indicator_table",
    "read_sotkanet_regions",
    "read_sotkanet_indicator_list",
    "read_panel_municipalities",
    "read_municipality_key",
    "read_yearly_keys",
    "read_mergers",
    "read_grid",
    "read_region_folder",
    "read_region_key",
    "GENDERS",
    "read_indicator_folder",
]


def read_indicator_folder(folder) -> dict:
    """Read an indicator corpus folder (``corpus/indicators/``) laid out by convention.

    Layout
    ------
    ``reference/Sotkanet_valitut_indikaattorit_*.csv``
        Sotkanet id-title list (maps panel titles to ids).
    ``reference/sotkanet_municipalities_2013.csv``
        Sotkanet municipality names and codes of the panel.
    ``reference/sotkanet_regions.json`` (optional)
        A saved ``/regions`` response, for Sotkanet ``/json`` or ``/csv`` files.
    ``regions/municipality_key_YYYY.csv``, ``regions/municipality_mergers.csv``, ``regions/grid_hyvinvointialue.csv``
        Region keys, merger table and tile grid.
    ``diak/huono_osaisuus_2011_2020.csv.gz``
        Diak's 2011–2020 panel (indexes, median region = 100; :mod:`~review_tools.readers.diak_panel`).
    ``*_long_*.csv[.gz]``
        Sotkanet long panels; ``maakunta`` in the name means regional rows.
    ``population_127_*.csv``
        Population (indicator 127) as a long CSV without an indicator column.
    any other ``*.csv`` / ``*.json``
        Read with :func:`read_indicator_table`.

    Returns
    -------
    dict
        ``data`` (tidy rows of all files, with a ``file`` column), ``keys`` ({year: key}),
        ``mergers``, ``grid``, ``indicator_list``, ``files`` (names read).

    Raises
    ------
    CorpusFormatError
        When the folder or one of the reference files is missing.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusFormatError(folder, "indicator folder not found")
    ref = folder / "reference"
    lists = sorted(ref.glob("Sotkanet_valitut_indikaattorit_*.csv"))
    muni = ref / "sotkanet_municipalities_2013.csv"
    indicator_list = read_sotkanet_indicator_list(lists[-1]) if lists else None
    municipalities = read_panel_municipalities(muni) if muni.exists() else None
    regions_json = ref / "sotkanet_regions.json"
    sot_regions = read_sotkanet_regions(regions_json) if regions_json.exists() else None
    regions = read_region_folder(folder / "regions")
    keys, mergers, grid = regions["keys"], regions["mergers"], regions["grid"]
    first_key = keys[min(keys)]
    region_areas = first_key[["region_name_fi", "region_code"]].drop_duplicates().rename(
        columns={"region_name_fi": "name", "region_code": "code"}
    ).assign(level="region")
    # "Ahvenanmaa - Åland" in the key is "Ahvenanmaa" in Sotkanet: accept the Finnish part alone too
    short = region_areas.assign(name=region_areas["name"].str.split(" - ").str[0])
    region_areas = pd.concat([region_areas, short]).drop_duplicates("name")
    frames, files = [], []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        name = path.name
        if not (name.endswith(".csv") or name.endswith(".csv.gz") or name.endswith(".json")):
            continue
        if "_long_" in name:
            if indicator_list is None or municipalities is None:
                raise CorpusFormatError(path, "a Sotkanet panel needs reference/Sotkanet_valitut_indikaattorit_*.csv and reference/sotkanet_municipalities_2013.csv")
            areas = region_areas if "maakunta" in name else municipalities
            df = read_sotkanet_panel(path, areas, indicator_list)
        elif name.startswith("population_127"):
            df = read_long_csv(path, indicator_id="127", source="sotkanet")
        elif name.endswith(".gz"):
            continue
        else:
            kwargs = {"regions": sot_regions} if name.endswith(".json") and sot_regions is not None else {}
            df = read_indicator_table(path, **kwargs)
        frames.append(df.assign(file=name))
        files.append(name)
    if (folder / "diak" / PANEL_FILE).exists():  # the 2011–2020 disadvantage panel (indexes, median region = 100)
        frames.append(read_diak_panel(folder / "diak" / PANEL_FILE).assign(file=f"diak/{PANEL_FILE}"))
        files.append(f"diak/{PANEL_FILE}")
    data = pd.concat(frames, ignore_index=True) if frames else empty_tidy().assign(file="")
    return {"data": data, "keys": keys, "mergers": mergers, "grid": grid, "indicator_list": indicator_list, "files": files}
