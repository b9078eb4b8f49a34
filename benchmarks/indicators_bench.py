"""Benchmark: profile every wellbeing services county for the demo indicator set from the full
1990-2012 municipality panel (../shared/data/indicators, 216,183 rows). Prints time and memory.

Target (issue 6): all 23 counties in <= 10 s. Run: .venv/bin/python benchmarks/indicators_bench.py
"""

from __future__ import annotations

import resource
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "indicators"


def main() -> int:
    if not SHARED.exists():
        print(f"skipped: {SHARED} not found (the shared real data are needed)")
        return 0
    from review_tools.config import load_review
    from review_tools.errors import ReviewToolsWarning
    from review_tools.indicators.profile import build_profiles, prepare_indicator_data
    from review_tools.indicators.regions import build_region_key
    from review_tools.readers import indicator_tables as it

    warnings.simplefilter("ignore", ReviewToolsWarning)
    t0 = time.perf_counter()
    inds = load_review(ROOT / "review").indicators
    panel_dir = SHARED / "sotkanet_1990_2012"
    ilist = it.read_sotkanet_indicator_list(panel_dir / "Sotkanet_valitut_indikaattorit_20130817.csv")
    munis = it.read_panel_municipalities(panel_dir / "sotkanet_municipalities_2013.csv")
    panel = it.read_sotkanet_panel(panel_dir / "sotkanet_kunta_long_1990_2012.csv", munis, ilist)
    pop = it.read_long_csv(SHARED / "regions" / "sotkadata_population.csv", indicator_id="127", source="sotkanet")
    keys = it.read_yearly_keys(SHARED / "regions" / "yearly_keys")
    keys[2025] = it.read_municipality_key(SHARED / "regions" / "municipality_key_2025.csv")
    keys[2026] = it.read_municipality_key(SHARED / "regions" / "municipality_key_2026.csv")
    key = build_region_key(keys[2025], keys, it.read_mergers(ROOT / "corpus" / "indicators" / "regions" / "municipality_mergers.csv"))
    t_read = time.perf_counter()
    raw = it.pd.concat([panel.assign(file="panel"), pop.assign(file="population")], ignore_index=True)
    data = prepare_indicator_data(raw, inds, key)
    t_prep = time.perf_counter()
    counties = list(key.counties["county_code"])
    profiles = build_profiles(data, inds, key, counties, (1990, 2012), warn=False)
    t_end = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n_rows = sum(len(p) for p in profiles.values())
    print(f"panel rows read: {len(panel):,} (of 216,183; rows of titles missing from the 2013 id list are rejected)")
    print(f"indicators: {len(inds.indicators)}; counties profiled: {len(profiles)}; profile rows: {n_rows}")
    print(f"indicator_data rows (municipality + county + country): {len(data):,}")
    print(f"time: read {t_read - t0:.2f} s, prepare (harmonise + aggregate) {t_prep - t_read:.2f} s, "
          f"profile 23 counties {t_end - t_prep:.2f} s, total {t_end - t0:.2f} s (target <= 10 s)")
    print(f"memory: max RSS of the process {rss:.0f} MB")
    return 0 if t_end - t0 <= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
