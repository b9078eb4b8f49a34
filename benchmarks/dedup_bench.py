"""Deduplication benchmark: review-tools vs bib-dedupe, in the same run, on the same data.

    .venv/bin/python benchmarks/dedup_bench.py [--sets cytology_screening,...] [--scale 20000,50000,100000]
                                               [--peer-scale 20000] [--no-peer]

1. Every labelled set in ../shared/data/dedup/ (bib-dedupe's benchmark format): pairwise precision,
   recall, F1, TP/FP/FN, review-queue pairs and wall time for our deduplication, beside bib-dedupe
   (../shared/bench/bibdedupe_peer.sh: default pipeline, its "maybe" pairs counted as non-duplicates).
2. Scale: 20k/50k/100k records from ../shared/bench/make_dedup_scale_set.py (seed 13); our wall time and
   peak memory (each size in a fresh subprocess, measured by /usr/bin/time -v), metrics against the
   generator's groups; the peer only at --peer-scale sizes (it took 125 s for 20k and did not finish 50k).
3. Missed labelled pairs by category (erratum / reply-comment / conference-vs-journal / different report /
   genuinely missed, review_tools.dedup.explain_missed): the first four are pairs the labels group although
   the duplicate definition (Rathbone 2015) does not; recall is also given on the pairs consistent with it.
4. ASySD's labelled test set (../shared/data/dedup/asysd, per-record labels, no groups): read through our
   ingest, unique records vs the 586 ASySD's own test expects, and record-level agreement of the "remove
   as duplicate" decision with the `Duplicate_in_trash` labels (review_tools.dedup.removal_metrics); the
   peer is run on the same records with an empty groups file and scored from its predicted groups.
Prints tables and saves a figure (benchmarks/out/dedup_bench.png). Not run by `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data" / "dedup"
PEER = SHARED / "bench" / "bibdedupe_peer.sh"
SCALE = SHARED / "bench" / "make_dedup_scale_set.py"
SETS = ["cytology_screening", "haematology", "respiratory", "special_cases"]
PY = sys.executable


def _time_v(cmd: list[str], timeout: float | None = None) -> tuple[str, dict]:
    """Run ``cmd`` under /usr/bin/time -v; return stdout and wall/maxrss."""
    with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as tf:
        tv = tf.name
    try:
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", tv, *cmd], capture_output=True, text=True,
                              timeout=timeout)
        text = Path(tv).read_text()
    finally:
        os.unlink(tv)
    out = {}
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text)
    if m:
        secs = 0.0
        for part in m.group(1).split(":"):
            secs = secs * 60 + float(part)
        out["process_wall_s"] = round(secs, 2)
    cpu = [float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text)]
    if cpu:
        out["process_cpu_s"] = round(sum(cpu), 2)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if m:
        out["peak_mib"] = round(int(m.group(1)) / 1024, 1)
    if proc.returncode != 0:
        out["error"] = proc.stderr[-800:]
    return proc.stdout, out


def ours(records: Path, groups: Path) -> dict:
    """Our deduplication in a fresh process (CLI `dedup evaluate --json`)."""
    stdout, t = _time_v([str(ROOT / ".venv" / "bin" / "review-tools"), "dedup", "evaluate", str(records),
                         str(groups), "--json"])
    line = [ln for ln in stdout.splitlines() if ln.startswith("{")]
    res = json.loads(line[-1]) if line else {}
    res.update(t)
    return res


def peer(records: Path, groups: Path, timeout: float | None = None) -> dict:
    """bib-dedupe through the shared peer script (prints one JSON line)."""
    try:
        proc = subprocess.run(["bash", str(PEER), str(records), str(groups)], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:.0f} s"}
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not line:
        return {"error": proc.stderr[-500:]}
    r = json.loads(line[-1])
    return {"TP": r.get("TP"), "FP": r.get("FP"), "FN": r.get("FN"), "precision": r.get("precision"),
            "recall": r.get("recall"), "f1": r.get("f1"), "maybe_pairs": r.get("maybe_pairs_cluster_level"),
            "wall_s": r.get("time_v_wall_s", r.get("wall_inproc_s")), "peak_mib": r.get("time_v_maxrss_mib")}


def missed_by_category(name: str) -> dict:
    """Our missed pairs on one labelled set, counted by category (in this process)."""
    import pandas as pd

    from review_tools.dedup import (
        MISSED_CATEGORIES,
        evaluate,
        explain_missed,
        labelled_to_records,
        missed_pairs,
        read_truth,
    )

    raw = pd.read_csv(DATA / name / "records_pre_merged.csv", dtype=str, keep_default_na=False)
    truth = read_truth(DATA / name / "merged_record_ids.csv")
    recs = labelled_to_records(raw)
    m, res = evaluate(recs, truth)
    missed = explain_missed(recs, missed_pairs(res, truth))
    counts = {c: int((missed["category"] == c).sum()) for c in MISSED_CATEGORIES}
    genuine = counts["genuinely missed"]
    return {"missed": len(missed), **counts, "contradict_definition": len(missed) - genuine,
            "recall_consistent": m["TP"] / (m["TP"] + genuine) if m["TP"] + genuine else 1.0,
            "pairs": missed.to_dict("records")}


ASYSD = DATA / "asysd" / "labelled_test_set.csv"
ASYSD_EXPECTED_UNIQUE = 586


def asysd(run_peer: bool, timeout: float | None = None) -> dict:
    """ASySD's labelled test set: our unique count and record-level agreement; the peer's if it runs."""
    import pandas as pd

    from review_tools.dedup import deduplicate, removal_metrics
    from review_tools.ingest import ingest_files

    ing = ingest_files([ASYSD], source_ids=["asysd"])
    recs = ing.records
    raw = pd.read_csv(ASYSD, dtype=str, keep_default_na=False, encoding=ing.files["encoding"].iloc[0])
    if len(raw) != len(recs) or list(raw["record_id"]) != list(recs["record_id"]):
        return {"error": "ingest changed the records or their ids; cannot line the labels up"}
    trash = raw.loc[raw["label"] == "Duplicate_in_trash", "record_id"]
    # the `source` column (unique / duplicate) read as a second per-record flag: our reading, not documented
    flagged = raw.loc[raw["source"] == "duplicate", "record_id"]
    res = deduplicate(recs)
    groups = [ids.split(";") for ids in res.duplicate_groups()["merged_ids"]]
    out = {"n_records": len(recs), "labelled_kept": int((raw["label"] == "In_database").sum()),
           "source_unique": int((raw["source"] == "unique").sum()), "expected_unique": ASYSD_EXPECTED_UNIQUE,
           "ours": removal_metrics(groups, recs["record_id"], trash),
           "ours_source": removal_metrics(groups, recs["record_id"], flagged), "peer": {}, "peer_source": {}}
    if not run_peer:
        return out
    with tempfile.TemporaryDirectory(prefix="asysd_peer_") as td:
        peer_recs = raw.rename(columns={"record_id": "ID", "number": "number"}).assign(ENTRYTYPE="article")
        peer_recs = peer_recs[["ID", "ENTRYTYPE", "title", "author", "year", "journal", "volume", "number",
                               "pages", "doi", "abstract"]]
        rp, gp, pp = Path(td) / "records.csv", Path(td) / "groups.csv", Path(td) / "pred.csv"
        peer_recs.to_csv(rp, index=False)
        gp.write_text("merged_ids\n")
        try:
            proc = subprocess.run(["bash", str(PEER), str(rp), str(gp), "--pred-out", str(pp)],
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            out["peer"] = {"error": f"did not finish in {timeout:.0f} s"}
            return out
        if not pp.exists():
            out["peer"] = {"error": "the peer wrote no predicted groups: " + proc.stderr[-300:]}
            return out
        pred = [g.split(";") for g in pd.read_csv(pp, dtype=str)["merged_ids"]]
        out["peer"] = removal_metrics(pred, raw["record_id"], trash)
        out["peer_source"] = removal_metrics(pred, raw["record_id"], flagged)
    return out


def fmt(v, nd=4):
    if v is None:
        return "-"
    return f"{v:.{nd}f}" if isinstance(v, float) else str(v)


def figure(rows, scale_rows):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4))
    names = [r["set"] for r in rows]
    x = range(len(names))
    a.bar([i - 0.2 for i in x], [r["ours"].get("f1") or 0 for r in rows], 0.4, label="review-tools")
    a.bar([i + 0.2 for i in x], [r["peer"].get("f1") or 0 for r in rows], 0.4, label="bib-dedupe")
    a.set_xticks(list(x), names, rotation=15)
    a.set_ylim(0, 1.05)
    a.set_ylabel("pairwise F1")
    a.legend()
    if scale_rows:
        b.plot([r["n"] for r in scale_rows], [r["ours"].get("process_wall_s") or 0 for r in scale_rows], "o-",
               label="review-tools")
        pts = [(r["n"], r["peer"].get("wall_s")) for r in scale_rows if r["peer"].get("wall_s")]
        if pts:
            b.plot(*zip(*pts, strict=True), "s--", label="bib-dedupe")
        b.set_xlabel("records")
        b.set_ylabel("wall time (s)")
        b.legend()
    fig.tight_layout()
    return fig


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--scale", default="20000,50000,100000")
    ap.add_argument("--peer-scale", default="20000", help="scale sizes on which to run the peer too")
    ap.add_argument("--peer-timeout", type=float, default=900)
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--no-asysd", action="store_true", help="skip the ASySD set")
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"shared data not found at {DATA}")
        return 2
    rows = []
    for name in [s for s in args.sets.split(",") if s]:
        rec, grp = DATA / name / "records_pre_merged.csv", DATA / name / "merged_record_ids.csv"
        rows.append({"set": name, "ours": ours(rec, grp), "peer": {} if args.no_peer else peer(rec, grp)})
    print("\n## Labelled sets (pairwise; bib-dedupe 'maybe' pairs counted as non-duplicates)\n")
    print("| dataset | tool | precision | recall | F1 | TP | FP | FN | left for review | wall s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        o, p = r["ours"], r["peer"]
        print(f"| {r['set']} | review-tools | {fmt(o.get('precision'))} | {fmt(o.get('recall'))} | {fmt(o.get('f1'))} | "
              f"{o.get('TP')} | {o.get('FP')} | {o.get('FN')} | {o.get('review_pairs')} pairs | {fmt(o.get('wall_s'), 2)} |")
        if p:
            print(f"| {r['set']} | bib-dedupe | {fmt(p.get('precision'))} | {fmt(p.get('recall'))} | {fmt(p.get('f1'))} | "
                  f"{p.get('TP')} | {p.get('FP')} | {p.get('FN')} | {p.get('maybe_pairs')} maybe | {fmt(p.get('wall_s'), 2)} |")
    print("\n## Missed labelled pairs by category (review-tools; review_tools.dedup.explain_missed)\n")
    print("The first four categories are pairs the labels group although the duplicate definition does not;\n"
          "'recall (definition)' = TP / (TP + genuinely missed), beside the plain pairwise recall above.\n")
    print("| dataset | missed | erratum | reply-comment | conference-vs-journal | different report | "
          "genuinely missed | labels contradict definition | recall | recall (definition) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        c = r["missed"] = missed_by_category(r["set"])
        print(f"| {r['set']} | {c['missed']} | {c['erratum']} | {c['reply-comment']} | {c['conference-vs-journal']} | "
              f"{c['different report']} | {c['genuinely missed']} | {c['contradict_definition']} | "
              f"{fmt(r['ours'].get('recall'))} | {fmt(c['recall_consistent'])} |")
    asy = {}
    if ASYSD.exists() and not args.no_asysd:
        asy = asysd(run_peer=not args.no_peer, timeout=args.peer_timeout)
        print("\n## ASySD labelled test set (record-level: 'remove as duplicate' vs label Duplicate_in_trash)\n")
        print(f"{asy.get('n_records')} records, {asy.get('labelled_kept')} labelled In_database, "
              f"{asy.get('source_unique')} with source 'unique'; "
              f"ASySD's own test expects {asy.get('expected_unique')} unique records.\n")
        print("| tool | truth | unique records | removed | truth removed | precision | recall | F1 | TP | FP | FN |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for tool, key in (("review-tools", "ours"), ("bib-dedupe", "peer")):
            for truth, suffix in (("label Duplicate_in_trash", ""), ("source == duplicate", "_source")):
                o = asy.get(key + suffix) or {}
                if "error" in o:
                    print(f"| {tool} | {truth} | could not be scored: {o['error'][:120]} ||||||||")
                elif o:
                    print(f"| {tool} | {truth} | {o['n_unique']} | {o['removed']} | {o['labelled_removed']} | "
                          f"{fmt(o['precision'])} | {fmt(o['recall'])} | {fmt(o['f1'])} | {o['TP']} | {o['FP']} | {o['FN']} |")
    scale_rows = []
    sizes = [int(s) for s in args.scale.split(",") if s]
    peer_sizes = {int(s) for s in args.peer_scale.split(",") if s}
    with tempfile.TemporaryDirectory(prefix="dedup_scale_") as td:
        for n in sizes:
            subprocess.run([PY, str(SCALE), "--n", str(n), "--seed", "13", "--out-dir", td], check=True,
                           capture_output=True)
            rec, grp = Path(td) / f"scale_{n}.records.csv", Path(td) / f"scale_{n}.groups.csv"
            o = ours(rec, grp)
            p = peer(rec, grp, timeout=args.peer_timeout) if (n in peer_sizes and not args.no_peer) else {}
            scale_rows.append({"n": n, "ours": o, "peer": p})
    if scale_rows:
        print("\n## Scale (make_dedup_scale_set.py --seed 13; time and peak memory of the whole process)\n")
        print("dedup s / CPU s: wall and CPU time (all threads, time.process_time) of the deduplication itself;\n"
              "process: the whole CLI process (reading, scoring the pairs too), from /usr/bin/time -v.\n")
        print("| records | tool | precision | recall | F1 | dedup s | dedup CPU s | CPU s per 1k | "
              "process wall s | process CPU s | peak MiB |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in scale_rows:
            o, p = r["ours"], r["peer"]
            per_k = o["cpu_s"] / (r["n"] / 1000) if o.get("cpu_s") else None
            print(f"| {r['n']} | review-tools | {fmt(o.get('precision'))} | {fmt(o.get('recall'))} | {fmt(o.get('f1'))} | "
                  f"{fmt(o.get('wall_s'), 1)} | {fmt(o.get('cpu_s'), 1)} | {fmt(per_k, 3)} | "
                  f"{fmt(o.get('process_wall_s'), 1)} | {fmt(o.get('process_cpu_s'), 1)} | {fmt(o.get('peak_mib'), 0)} |")
            if p:
                print(f"| {r['n']} | bib-dedupe | {fmt(p.get('precision'))} | {fmt(p.get('recall'))} | {fmt(p.get('f1'))} | "
                      f"- | - | - | {fmt(p.get('wall_s'), 1)} | - | {fmt(p.get('peak_mib'), 0)} | {p.get('error', '')}")
        if len(scale_rows) > 1:
            a, b = scale_rows[0], scale_rows[-1]
            for what in ("wall_s", "cpu_s"):
                ta, tb = a["ours"].get(what), b["ours"].get(what)
                if ta and tb:
                    print(f"\n{what} ratio {b['n']}/{a['n']} records: {tb / ta:.2f} for {b['n'] / a['n']:.1f}x the records")
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    figure(rows, scale_rows).savefig(out / "dedup_bench.png", dpi=110)
    (out / "dedup_bench.json").write_text(json.dumps({"sets": rows, "asysd": asy, "scale": scale_rows}, indent=2))
    print(f"\nfigure: {out / 'dedup_bench.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
