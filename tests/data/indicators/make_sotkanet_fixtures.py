"""Regenerate sotkanet_api/ from the real files in ../shared/data/indicators (run once; outputs committed).

* indicators_186.json, indicators_5527.json: verbatim metadata from api_samples (real responses).
* regions.json: /regions shape built from real ids and codes: sotkanet_municipalities_2013.csv
  (KUNTA ids and codes, memberOf = their MAAKUNTA id), sotkanet_hyvinvointialueet.csv (HYVINVOINTIALUE
  ids 956-978) and the whole country (MAA, id 658).
* indicators_127.json: metadata of indicator 127 shaped like the real samples (title from the 2013 id list;
  range = the years of sotkadata_population.csv); data-updated is a fixture value.
* json_127_2021_2022.json: /json rows of indicator 127 with the real population values of the
  Varsinais-Suomi municipalities in sotkadata_population.csv (2021, 2022), keyed by Sotkanet region ids.
"""

import json
from pathlib import Path

import pandas as pd

SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "indicators"
OUT = Path(__file__).resolve().parent / "sotkanet_api"


def main():
    meta = json.loads((SHARED / "api_samples" / "hus-sotkanet_indicators_metadata.json").read_text(encoding="utf-8"))
    for i in ("186", "5527"):
        (OUT / f"indicators_{i}.json").write_text(json.dumps(meta["indicators"][i], ensure_ascii=False, indent=1), encoding="utf-8")
    m = pd.read_csv(SHARED / "sotkanet_1990_2012" / "sotkanet_municipalities_2013.csv", dtype=str)
    h = pd.read_csv(SHARED / "regions" / "sotkanet_hyvinvointialueet.csv", dtype=str)
    regions = [{"id": 658, "code": "SSS", "category": "MAA", "title": {"fi": "Koko maa", "sv": "Hela landet", "en": "Whole country"}, "memberOf": []}]
    for r in h.itertuples():
        regions.append({"id": int(r.uusi_id), "code": r.uusi_code, "category": "HYVINVOINTIALUE", "title": {"fi": r.nimi}, "memberOf": [658]})
    for r in m.itertuples():
        regions.append({"id": int(float(r.region)), "code": r._4, "category": "KUNTA", "title": {"fi": r._3},
                        "memberOf": [int(float(r._7))]})
    (OUT / "regions.json").write_text(json.dumps(regions, ensure_ascii=False), encoding="utf-8")
    m127 = dict(meta["indicators"]["186"])
    for k in ("description", "interpretation", "limits", "legislation", "notices", "sources", "subjects"):
        m127.pop(k, None)
    m127.update({"id": 127, "indicator_id": 127, "title": {"fi": "Väestö 31.12.", "sv": "Folkmängd 31.12.", "en": "Population 31 Dec"},
                 "range": {"start": 2000, "end": 2022}, "data-updated": "2024-03-15", "decimals": 0,
                 "primaryValueType": {"code": "LKM", "title": {"fi": "Lukumäärä", "en": "Number", "sv": "Antal"}}})
    (OUT / "indicators_127.json").write_text(json.dumps(m127, ensure_ascii=False, indent=1), encoding="utf-8")
    pop = pd.read_csv(SHARED / "regions" / "sotkadata_population.csv")
    vs = m[m["maakunta.title.fi"] == "Varsinais-Suomi"]
    ids = {int(c): int(float(r)) for c, r in zip(vs["region.code"], vs["region"], strict=True)}
    p = pop[pop["municipality_code"].isin(ids) & pop["year"].isin([2021, 2022])]
    rows = [{"indicator": 127, "region": ids[int(c)], "year": int(y), "gender": "total", "value": float(v), "absValue": float(v)}
            for c, v, y in zip(p["municipality_code"], p["primary.value"], p["year"], strict=True)]
    (OUT / "json_127_2021_2022.json").write_text(json.dumps(rows), encoding="utf-8")


if __name__ == "__main__":
    main()
