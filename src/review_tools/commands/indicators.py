"""``review-tools indicators fetch|profile|regions``: regional indicators from THL Sotkanet.

* ``fetch`` downloads the review's Sotkanet indicators (polite client, on-disk cache) and
  writes one tidy long CSV (readable by ``profile`` when placed in ``corpus/indicators/``).
* ``profile`` writes the regional profile of a county (or ``SSS``) for the review's set.
* ``regions`` lists the wellbeing services counties and their codes.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def register(sub) -> None:
    """Add the ``indicators`` command group."""
    p = sub.add_parser("indicators", help="regional indicators (THL Sotkanet): fetch data, regional profile")
    s = p.add_subparsers(dest="indicators_command", metavar="ACTION")

    f = s.add_parser("fetch", help="download the review's Sotkanet indicators into a tidy CSV (cached)")
    f.add_argument("--review", default="review", help="review folder with indicators.yaml (default: review)")
    f.add_argument("--years", required=True, help="years Y1-Y2, e.g. 2015-2023")
    f.add_argument("--indicator", action="append", default=None, help="only this review indicator id (repeatable)")
    f.add_argument("--genders", default="total", help="comma-separated: total,male,female (default: total)")
    f.add_argument("--cache", default=".cache/sotkanet", help="cache folder (default: .cache/sotkanet)")
    f.add_argument("--out", required=True, help="tidy CSV to write")
    f.add_argument("--offline", action="store_true", help="use only the cache; fail on anything not cached")
    f.add_argument("--refresh", action="store_true", help="re-fetch metadata and regions even when cached")
    f.add_argument("--base-url", default=None, help=argparse_suppress())
    f.set_defaults(func=run_fetch)

    q = s.add_parser("profile", help="regional profile of a county for the review's indicator set")
    q.add_argument("--region", required=True, help="county code of the 2025 key (e.g. 5 or 05) or SSS for the whole country")
    q.add_argument("--period", default=None, help="years Y1-Y2 (default: all years with data)")
    q.add_argument("--review", default="review", help="review folder (default: review)")
    q.add_argument("--corpus", default="corpus", help="corpus folder with indicators/ (default: corpus)")
    q.add_argument("--language", default="en", choices=["en", "fi", "sv"], help="language of titles and names")
    q.add_argument("--out", required=True, help="profile CSV to write")
    q.set_defaults(func=run_profile)

    from ._indicator_signals import add_parser as add_signals

    add_signals(s)
    r = s.add_parser("regions", help="list the wellbeing services counties and their codes")
    r.add_argument("--corpus", default="corpus", help="corpus folder with indicators/regions/ (default: corpus)")
    r.add_argument("--language", default="en", choices=["en", "fi", "sv"])
    r.set_defaults(func=run_regions)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def argparse_suppress():
    """Hide an option from ``--help`` (used for the test server's base URL)."""
    import argparse

    return argparse.SUPPRESS


def _indicator_set(review):
    """The review's indicators: from the whole review (:func:`load_review`, every rule) when the folder
    has every file, else from ``indicators.yaml`` alone (:func:`load_file`), e.g. while the review is set up."""
    from ..config import FILES, load_file, load_review

    folder = Path(review)
    if all((folder / name).is_file() for name in FILES.values()):
        return load_review(folder).indicators
    return load_file(folder / FILES["indicators"], "indicators")


def run_fetch(args) -> int:
    """Fetch the indicators and write the tidy CSV."""
    import pandas as pd  # here, not at import: `indicators signals` refuses bad parameters before pandas loads

    from ..indicators.profile import parse_period
    from ..readers.sotkanet_api import BASE_URL, SotkanetClient

    inds = _indicator_set(args.review)
    y1, y2 = parse_period(args.years)
    wanted = [i for i in inds.indicators if i.source == "sotkanet" and i.sotkanet_id is not None]
    if args.indicator:
        known = {i.id for i in wanted}
        unknown = [i for i in args.indicator if i not in known]
        if unknown:
            print(f"error: unknown indicator {unknown}; the review's Sotkanet indicators are {sorted(known)}", file=sys.stderr)
            return 2
        wanted = [i for i in wanted if i.id in set(args.indicator)]
    client = SotkanetClient(args.cache, base_url=args.base_url or BASE_URL, offline=args.offline, refresh=args.refresh)
    genders = [g.strip() for g in args.genders.split(",") if g.strip()]
    frames = []
    for ind in wanted:
        df = client.data(ind.sotkanet_id, range(y1, y2 + 1), genders)
        log.info("indicator %s (Sotkanet %s): %d rows", ind.id, ind.sotkanet_id, len(df))
        frames.append(df)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(args.out, index=False, encoding="utf-8")
    print(f"{args.out}: {len(out)} rows of {len(wanted)} indicators ({client.n_requests} requests, cache {args.cache})")
    return 0


def run_profile(args) -> int:
    """Compute the profile and write it."""
    from ..config import load_review
    from ..indicators.dataset import run_indicator_stage

    stage = run_indicator_stage(load_review(args.review), args.corpus, args.region, args.period, language=args.language)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    stage.profile.to_csv(args.out, index=False, encoding="utf-8")
    counts = stage.profile["signal"].value_counts().to_dict()
    print(f"{args.out}: {len(stage.profile)} indicators for {stage.key.region_name(stage.region, args.language)} "
          f"({stage.period[0]}-{stage.period[1]}); signals {counts}")
    return 0


def run_regions(args) -> int:
    """Print the counties of the current key."""
    from ..indicators.dataset import region_key_from_folder
    from ..readers.indicator_tables import read_indicator_folder

    key = region_key_from_folder(read_indicator_folder(Path(args.corpus) / "indicators"))
    for code in key.counties["county_code"]:
        print(f"{code:>3}  {key.region_name(code, args.language)}")
    print("SSS  " + key.region_name("SSS", args.language))
    return 0
