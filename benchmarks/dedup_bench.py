"""Deduplication benchmark: review-tools vs bib-dedupe, in the same run, on the same data.

    .venv/bin/python benchmarks/dedup_bench.py [--sets cytology_screening,...] [--scale 20000,50000,100000]
                                               [--peer-scale 20000] [--no-peer]

1. Every labelled set in ../shared/data/dedup/ (bib-dedupe's benchmark format): pairwise precision,
   recall, F1, TP/FP/FN, review-queue pairs and wall time for our deduplication, beside bib-dedupe
   (../shared/bench/bibdedupe_peer.sh: default pipeline, its "maybe" pairs counted as non-duplicates).
2. Scale: 20k/50k/100k records from ../shared/bench/make_dedup_scale_set.py (seed 13); our wall time and
   peak memory (each size in a fresh subprocess, measured by /usr/bin/time -v), metrics against the
   generator's groups; the peer only at --peer-scale sizes (it took 125 s for 20k and did not finish 50k).
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
        print("| records | tool | precision | recall | F1 | dedup s | process wall s | peak MiB |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|")
        for r in scale_rows:
            o, p = r["ours"], r["peer"]
            print(f"| {r['n']} | review-tools | {fmt(o.get('precision'))} | {fmt(o.get('recall'))} | {fmt(o.get('f1'))} | "
                  f"{fmt(o.get('wall_s'), 1)} | {fmt(o.get('process_wall_s'), 1)} | {fmt(o.get('peak_mib'), 0)} |")
            if p:
                print(f"| {r['n']} | bib-dedupe | {fmt(p.get('precision'))} | {fmt(p.get('recall'))} | {fmt(p.get('f1'))} | "
                      f"- | {fmt(p.get('wall_s'), 1)} | {fmt(p.get('peak_mib'), 0)} | {p.get('error', '')}")
        if len(scale_rows) > 1:
            a, b = scale_rows[0], scale_rows[-1]
            ta, tb = a["ours"].get("wall_s"), b["ours"].get("wall_s")
            if ta and tb:
                print(f"\ntime ratio {b['n']}/{a['n']} records: {tb / ta:.2f} for {b['n'] / a['n']:.1f}x the records")
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    figure(rows, scale_rows).savefig(out / "dedup_bench.png", dpi=110)
    (out / "dedup_bench.json").write_text(json.dumps({"sets": rows, "scale": scale_rows}, indent=2))
    print(f"\nfigure: {out / 'dedup_bench.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
