"""Screening benchmark: review-tools' simulation against ASReview LAB 3.0.8 (elas_u4), same priors, same run.

For each labelled set in ../shared/data/screening/ and each seed, runs the peer
(../shared/bench/asreview_peer.sh, which prints the priors it drew) and then
`review-tools screen simulate --priors <those rows>`; both are timed from outside as whole processes.
Prints a per-run table, a per-set summary (means and ratios) and the stopping rules' outcomes, and
writes them with a figure to outputs/bench/screening/.

usage: .venv/bin/python benchmarks/screening_bench.py [--seeds 1,2,3,4,5] [--datasets NAME,...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data" / "screening"
PEER = SHARED / "bench" / "asreview_peer.sh"
OUT = ROOT / "outputs" / "bench" / "screening"


def run_json(cmd: list[str]) -> tuple[dict, float]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1]), wall


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="1,2,3,4,5")
    ap.add_argument("--datasets", default=",".join(p.stem for p in sorted(DATA.glob("*.csv"))))
    args = ap.parse_args(argv)
    if not PEER.exists() or not DATA.is_dir():
        print(f"shared benchmark data or peer script missing ({DATA}, {PEER})", file=sys.stderr)
        return 1
    seeds = [int(s) for s in args.seeds.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for name in args.datasets.split(","):
        data = DATA / f"{name}.csv"
        for seed in seeds:
            peer, peer_wall = run_json([str(PEER), str(data), str(seed), str(OUT / "peer")])
            priors = ",".join(str(r) for r in peer["prior_rows"])
            ours, our_wall = run_json([str(ROOT / ".venv" / "bin" / "review-tools"), "screen", "simulate", str(data),
                                       "--seed", str(seed), "--priors", priors, "--json",
                                       "--order-out", str(OUT / f"{name}_ours_seed{seed}_order.csv")])
            st = ours["stopping"]["statistical"]
            he = ours["stopping"]["heuristic"]
            rows.append({
                "dataset": name, "seed": seed, "records": ours["records"], "priors": priors,
                "wss95_ours": ours["wss_at_95"], "wss95_asreview": peer["wss_at_95"],
                "rec10_ours": ours["recall_at_10"], "rec10_asreview": peer["recall_at_10"],
                "n95_ours": ours["n_at_95"], "n95_asreview": peer["n_at_95"],
                "n100_ours": ours["n_at_100"], "n100_asreview": peer["n_at_100"],
                "ideal_wss95": ours["ideal_wss_at_95"],
                "wall_ours": round(our_wall, 2), "wall_asreview": peer["wall_s"], "sim_s_ours": ours["simulation_s"],
                "stat_stop_n": st["n_screened"], "stat_stop_recall": st["recall"],
                "heur_stop_n": he["n_screened"], "heur_stop_recall": he["recall"],
            })
            r = rows[-1]
            print(f"{name} seed {seed}: WSS@95 {r['wss95_ours']:.3f} vs {r['wss95_asreview']:.3f}; "
                  f"recall@10 {r['rec10_ours']:.3f} vs {r['rec10_asreview']:.3f}; "
                  f"wall {r['wall_ours']:.1f}s vs {r['wall_asreview']:.1f}s", flush=True)
    df = pd.DataFrame(rows)
    df.to_csv(OUT / "runs.csv", index=False)
    cols = ["wss95_ours", "wss95_asreview", "rec10_ours", "rec10_asreview", "n95_ours", "n95_asreview",
            "n100_ours", "n100_asreview", "ideal_wss95", "wall_ours", "wall_asreview", "sim_s_ours"]
    summary = df.groupby("dataset", sort=False)[cols].mean().round(3)
    summary.loc["mean"] = summary.mean().round(3)
    summary["wss95_diff"] = (summary["wss95_ours"] - summary["wss95_asreview"]).round(3)
    summary["rec10_diff"] = (summary["rec10_ours"] - summary["rec10_asreview"]).round(3)
    summary["speedup"] = (summary["wall_asreview"] / summary["wall_ours"]).round(1)
    summary.to_csv(OUT / "summary.csv")
    pd.set_option("display.width", 200)
    print("\nPer run:\n" + df.drop(columns=["priors"]).to_string(index=False))
    print("\nMeans over seeds (wall = whole process, seconds; speedup = ASReview wall / ours):\n" + summary.to_string())
    for rule, col in (("statistical (recall target 0.95, confidence 0.99)", "stat"), ("heuristic (N irrelevant in a row)", "heur")):
        stopped = df[f"{col}_stop_recall"].notna()
        ok = int((df.loc[stopped, f"{col}_stop_recall"] >= 0.95).sum())
        screened = (df.loc[stopped, f"{col}_stop_n"] / (df.loc[stopped, "records"] - 2)).mean()
        print(f"\nStopping rule {rule}: stopped in {int(stopped.sum())} of {len(df)} runs; true recall >= 0.95 in "
              f"{ok} of those; mean share of records screened at the stop {screened:.2f}")
    print("\nStopping-rule variants replayed on our screening orders (share = records screened at the stop / records):")
    print(stopping_variants(df).to_string(index=False))
    fig = figure(summary.drop(index="mean"))
    fig.savefig(OUT / "screening_bench.png", dpi=110, bbox_inches="tight")
    print(f"\nwritten: {OUT}/runs.csv, summary.csv, screening_bench.png")
    return 0


#: Statistical-rule variants compared: (label, confidence, burn-in as a share of the records, look every k records).
VARIANTS = [("conf 0.99, every record (default)", 0.99, 0.0, 1), ("conf 0.95, every record", 0.95, 0.0, 1),
            ("conf 0.95, burn-in 10%", 0.95, 0.10, 1), ("conf 0.95, burn-in 10%, look every 1% of records", 0.95, 0.10, 0.01)]


def stopping_variants(df: pd.DataFrame) -> pd.DataFrame:
    """Where each variant of the statistical rule stops on each run's order, and the true recall there."""
    import numpy as np

    sys.path.insert(0, str(ROOT / "src"))
    from review_tools.screening.stopping import stopping_points

    out = []
    for label, conf, burn, look in VARIANTS:
        stops = ok = 0
        shares = []
        for r in df.itertuples():
            y = pd.read_csv(DATA / f"{r.dataset}.csv", dtype=str, keep_default_na=False)["label_included"]
            y = y.replace({"": "0", "1.0": "1", "0.0": "0"}).astype(int).to_numpy()
            order = pd.read_csv(OUT / f"{r.dataset}_ours_seed{r.seed}_order.csv")
            post = order.loc[order["prior"] == 0, "row"].to_numpy()
            n_total = len(y) - int(order["prior"].sum())
            found_all = y[post].sum() + y[order.loc[order["prior"] == 1, "row"]].sum() == y.sum()
            replay = np.concatenate([y[post], np.zeros(n_total - len(post) if found_all else 0, dtype=int)])
            step = max(1, int(look * n_total)) if look < 1 else int(look)
            st = stopping_points(replay, n_total, confidence=conf, burn_in=max(1, int(burn * n_total)), step=step)
            st = st["statistical"]
            if st["stopped"]:
                stops += 1
                ok += st["recall"] >= 0.95
                shares.append(st["n_screened"] / n_total)
        out.append({"variant": label, "stopped": stops, "runs": len(df), "recall>=0.95": ok,
                    "mean share screened": round(float(np.mean(shares)), 3) if shares else None})
    return pd.DataFrame(out)


def figure(summary: pd.DataFrame):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 3.2))
    axes = fig.subplots(1, 3)
    x = range(len(summary))
    for ax, (a, b, title) in zip(axes, [("wss95_ours", "wss95_asreview", "WSS@95"),
                                        ("rec10_ours", "rec10_asreview", "recall@10%"),
                                        ("wall_ours", "wall_asreview", "wall time, s")], strict=True):
        ax.bar([i - 0.2 for i in x], summary[a], width=0.4, label="review-tools")
        ax.bar([i + 0.2 for i in x], summary[b], width=0.4, label="ASReview 3.0.8")
        ax.set_xticks(list(x), [n.replace("synergy_", "") for n in summary.index], fontsize=7)
        ax.set_title(title)
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    sys.exit(main())
