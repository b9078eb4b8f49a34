"""Benchmark of the coding stage (not run by `make test`).

1. Code suggestions on the WAC expert interviews (../shared/data/transcripts/wac_world_after_covid):
   units are answers (respondent x question), codes the human content-analysis codes of that
   question. Train on a seeded half of the respondents, suggest for the other half; micro/macro-F1
   and recall of the human codes among the top 3, beside a keyword-only baseline (the code names'
   words matched on lemmas, what QualCoder/NVivo auto-coding offers) and a most-frequent-codes
   baseline. Every method ranks only the codes of the answer's question.
2. Pseudonymiser recall and precision per category on real transcripts (WAC answers, QMSum committee
   turns, the Zoom VTT) into which identifiers of every category are planted at random word
   boundaries with a seed.
3. Throughput: N synthetic transcripts of W words (real Finnish/Swedish/English running text from the
   shared samples, with planted identifiers) read, pseudonymised and lexicon-coded.

Usage: .venv/bin/python benchmarks/coding_bench.py [--seed 13] [--suggest-seeds 1 2 3 4 5]
       [--n-transcripts 1000] [--words 8000] [--skip suggest pseudonymise throughput]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import simplemma

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "transcripts"
sys.path.insert(0, str(ROOT / "src"))

from review_tools.coding import Lexicon, suggest_codes  # noqa: E402
from review_tools.coding.model import CodeSuggester  # noqa: E402
from review_tools.config import Codebook  # noqa: E402
from review_tools.config import load_codebook_file as load_codebook  # noqa: E402
from review_tools.pseudonymise import (  # noqa: E402
    CATEGORIES,
    Pseudonymiser,
    default_names,
    pseudonymise_segments,
)
from review_tools.readers.transcripts import read_transcript, read_transcripts  # noqa: E402

STOP = {"and", "of", "the", "in", "for", "to", "on", "a", "an", "over", "about", "with", "new", "&", "/"}


# ----------------------------------------------------------------------------- 1. suggestions
def wac_units() -> tuple[pd.DataFrame, dict]:
    t = pd.read_csv(SHARED / "wac_world_after_covid" / "transcripts.csv")
    c = pd.read_csv(SHARED / "wac_world_after_covid" / "codes.csv")
    by_q: dict[str, list[str]] = {}
    for col in c.columns[1:]:
        q = col.rsplit("_q", 1)[1]
        by_q.setdefault(q, []).append(col)
    codes = c.set_index("Name")
    rows = []
    for _, r in t.iterrows():
        for q in by_q:
            text = r.get(f"Q{q}")
            if not isinstance(text, str) or not text.strip() or r["Name"] not in codes.index:
                continue
            given = [col for col in by_q[q] if codes.loc[r["Name"], col] == 1]
            rows.append({"unit_id": f"{r['Name']}:Q{q}", "respondent": r["Name"], "question": q, "text": text,
                         "codes": given})
    return pd.DataFrame(rows), by_q


def wac_definitions() -> dict[str, str]:
    """Theme -> definition from the WAC codebook (``codebook.md``; its example quotes are left out).

    The themes' headings are matched to the code columns' names (``<theme>_q<N>``) in
    :func:`wac_codebook`; nothing of the interviews themselves is used.
    """
    md = (SHARED / "wac_world_after_covid" / "codebook.md").read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(r"^###\s+(.+?)\s*\n(.*?)(?=^###|^##|\Z)", md, re.M | re.S):
        d = re.search(r"Definition:\s*(.*?)(?:\n\s*\n|\*\*Q)", m.group(2), re.S)
        if d:
            out[m.group(1).strip().lower()] = " ".join(d.group(1).split())
    return out


def wac_codebook(labels: list[str], definitions: bool = False) -> tuple[Codebook, dict[str, str]]:
    """The codebook the suggester gets, and code column -> code id.

    Each code's label is its column name and its keywords the name's words; with ``definitions``
    also the definition of the codebook theme whose heading is in the name or contains it (the
    longest), else the closest heading (difflib ratio >= 0.6); codes without such a theme get none.
    """
    import difflib

    ids = {c: f"C{i:03d}" for i, c in enumerate(labels)}
    defs = wac_definitions() if definitions else {}
    codes = []
    for c in labels:
        entry = {"id": ids[c], "label": {"en": c}, "keywords": {"en": _name_words(c)}}
        theme = c.rsplit("_q", 1)[0].strip().lower()
        match = sorted((t for t in defs if t in theme or theme in t), key=len, reverse=True)[:1] or \
            difflib.get_close_matches(theme, list(defs), n=1, cutoff=0.6)
        if match:
            entry["definition"] = {"en": defs[match[0]]}
        codes.append(entry)
    return Codebook.model_validate({"schema_version": 1, "codes": codes}), ids


def _name_words(code: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", code.rsplit("_q", 1)[0].lower()) if w not in STOP and len(w) > 2]


def _rank_metrics(units: pd.DataFrame, ranked: dict[str, list[str]], predicted: dict[str, set[str]], labels) -> dict:
    from sklearn.metrics import f1_score
    from sklearn.preprocessing import MultiLabelBinarizer

    mlb = MultiLabelBinarizer(classes=sorted(labels))
    y_true = mlb.fit_transform(units["codes"])
    y_pred = mlb.transform([sorted(predicted.get(u, set())) for u in units["unit_id"]])
    hits = total = 0
    for u, gold in zip(units["unit_id"], units["codes"], strict=True):
        top = set(ranked.get(u, [])[:3])
        hits += len(top & set(gold))
        total += len(gold)
    return {
        "micro_f1": round(float(f1_score(y_true, y_pred, average="micro", zero_division=0)), 3),
        "macro_f1": round(float(f1_score(y_true, y_pred, average="macro", zero_division=0)), 3),
        "top3_recall": round(hits / total, 3) if total else float("nan"),
    }


def bench_suggestions(seed: int) -> dict:
    """Every method on one seeded respondent split, with and without the question as context.

    With context, the question number is the units' ``group`` column for the trained suggester,
    and every method (baselines included) ranks only the codes of the answer's question (the
    most-frequent baseline counts per question). Without context, nobody knows the question:
    all 110 codes are candidates for every unit and the most-frequent baseline counts overall.
    """
    units, by_q = wac_units()
    rng = np.random.default_rng(seed)
    people = sorted(units["respondent"].unique())
    train_people = set(rng.choice(people, size=len(people) // 2, replace=False))
    train = units[units["respondent"].isin(train_people)].reset_index(drop=True)
    test = units[~units["respondent"].isin(train_people)].reset_index(drop=True)
    labels = sorted({c for cols in by_q.values() for c in cols})
    avg_codes = max(1, round(train["codes"].map(len).mean()))
    qcodes = {q: set(cols) for q, cols in by_q.items()}
    test_q = dict(zip(test["unit_id"], test["question"], strict=True))
    out = {"units_train": len(train), "units_test": len(test), "codes": len(labels),
           "human_codes_test": int(test["codes"].map(len).sum()), "respondents": len(people)}

    # the codebook the lexicon uses: each code's name words as its keywords (what the keyword baseline matches)
    ids = {c: f"C{i:03d}" for i, c in enumerate(labels)}
    back = {v: k for k, v in ids.items()}
    book = Codebook.model_validate({"schema_version": 1, "codes": [
        {"id": ids[c], "label": {"en": c}, "keywords": {"en": _name_words(c)}} for c in labels]})
    lex = Lexicon(book, languages=("en",))
    y = [[ids[c] for c in cs] for cs in train["codes"]]
    train_x = train[["unit_id", "text"]].assign(group=train["question"])
    test_x = test[["unit_id", "text"]].assign(group=test["question"])

    def evaluate(s: pd.DataFrame, threshold: float, context: bool) -> dict:
        s = s.assign(code=s["code"].map(back))
        if context:
            s = s[[c in qcodes[test_q[u]] for u, c in zip(s["unit_id"], s["code"], strict=True)]]
        ranked = s.groupby("unit_id", sort=False)["code"].apply(list).to_dict()
        pred = s[s["score"] >= threshold].groupby("unit_id")["code"].apply(set).to_dict()
        return _rank_metrics(test, ranked, pred, labels)

    def lemmas(text):
        return {simplemma.lemmatize(w, lang="en").lower() for w in re.findall(r"\w+", text.lower())}
    kw = {c: {w for w in lemmas(c.rsplit("_q", 1)[0]) if w not in STOP and len(w) > 2} for c in labels}
    lexicon_only = suggest_codes(test[["unit_id", "text"]], book, language="en", lexicon=lex)

    for context in (True, False):
        res = {}
        cols = ["unit_id", "text", "group"] if context else ["unit_id", "text"]
        t0 = time.perf_counter()
        model = CodeSuggester(codebook=book, language="en", random_state=seed).fit(train_x[cols], y)
        sugg = suggest_codes(test_x[cols], book, language="en", model=model, lexicon=lex)
        res["trained_suggester"] = {**evaluate(sugg, model.threshold_, context),
                                    "seconds": round(time.perf_counter() - t0, 2),
                                    "cv_top3_recall_train": round(model.cv_recall_, 3),
                                    "weights": {k: v for k, v in model.weights_.items() if v}}
        if context:  # the same model without the group column (candidates still cut to the question)
            m2 = CodeSuggester(codebook=book, language="en", random_state=seed).fit(train_x[["unit_id", "text"]], y)
            res["trained_suggester_no_group_column"] = evaluate(
                suggest_codes(test_x[["unit_id", "text"]], book, language="en", model=m2, lexicon=lex),
                m2.threshold_, context)
        for name in ("linear", "knn", "codebook"):  # one source alone (no weight search)
            m1 = CodeSuggester(codebook=book, language="en", weights={name: 1.0}, random_state=seed).fit(
                train_x[cols], y)
            res[f"only_{name}"] = evaluate(m1.suggest(test_x[cols]), 0.5, context)
        res["lexicon_only"] = evaluate(lexicon_only, 0.5, context)

        # keyword-only baseline (QualCoder/NVivo style): share of a code's name words present, on lemmas
        ranked_k, pred_k = {}, {}
        for u, text, q in zip(test["unit_id"], test["text"], test["question"], strict=True):
            words = lemmas(text)
            scores = {c: len(kw[c] & words) / max(1, len(kw[c])) for c in sorted(qcodes[q] if context else labels)}
            order = sorted((c for c in scores if scores[c] > 0), key=lambda c: (-scores[c], c))  # ties: by name
            ranked_k[u] = order
            pred_k[u] = set(order)
        res["keyword_baseline"] = _rank_metrics(test, ranked_k, pred_k, labels)

        # most-frequent-codes baseline (per question with context, overall without; from the training half)
        def freq_of(sub):
            return list(pd.Series([c for cs in sub["codes"] for c in cs]).value_counts().index)
        freq = {q: freq_of(train[train["question"] == q]) if context else freq_of(train) for q in by_q}
        ranked_f = {u: freq[q] for u, q in test_q.items()}
        pred_f = {u: set(freq[q][:avg_codes]) for u, q in test_q.items()}
        res["most_frequent_baseline"] = _rank_metrics(test, ranked_f, pred_f, labels)
        out["with_question_context" if context else "without_context"] = res
    return out


def suggestion_table(per_seed: dict[int, dict]) -> str:
    """Markdown table of top-3 recall and micro/macro-F1 per method, per seed and the mean."""
    seeds = sorted(per_seed)
    lines = []
    for ctx in ("with_question_context", "without_context"):
        methods = list(per_seed[seeds[0]][ctx])
        lines.append(f"\n{ctx}: top-3 recall per seed | mean top-3 recall | mean micro-F1 | mean macro-F1")
        lines.append("| method | " + " | ".join(f"s{s}" for s in seeds) + " | mean R@3 | micro-F1 | macro-F1 |")
        lines.append("|---" * (len(seeds) + 4) + "|")
        for m in methods:
            r = [per_seed[s][ctx][m] for s in seeds]
            cells = [f"{x['top3_recall']:.3f}" for x in r]
            mean = {k: float(np.mean([x[k] for x in r])) for k in ("top3_recall", "micro_f1", "macro_f1")}
            lines.append(f"| {m} | " + " | ".join(cells) +
                         f" | {mean['top3_recall']:.3f} | {mean['micro_f1']:.3f} | {mean['macro_f1']:.3f} |")
    return "\n".join(lines)


def bench_leave_one_interview_out(limit: int | None = None,
                                  contexts=("with_question_context", "without_context"),
                                  definitions: bool = False) -> dict:
    """Leave-one-interview-out: each respondent's answers are suggested codes by a model trained on all others.

    Top-3 recall of the human codes, pooled over every held-out answer (hits / human codes) and per
    interview (mean and worst), beside the most-frequent-codes baseline learned from the same training
    interviews; with question context (candidates and frequencies per question, the question as the
    units' group) and without (all 110 codes are candidates, frequencies overall). The codebook has
    the codes' names (and with ``definitions`` the WAC codebook's theme definitions).
    """
    units, by_q = wac_units()
    labels = sorted({c for cols in by_q.values() for c in cols})
    book, ids = wac_codebook(labels, definitions)
    back = {v: k for k, v in ids.items()}
    qcodes = {q: set(cols) for q, cols in by_q.items()}
    people = sorted(units["respondent"].unique())[:limit]
    hits = {(ctx, m): [] for ctx in contexts for m in ("trained_suggester", "most_frequent_baseline")}
    t0 = time.perf_counter()
    chosen: dict[str, dict[str, int]] = {}
    timing = {ctx: {"fit_s": [], "suggest_s": [], "units": 0, "one_unit_s": []} for ctx in contexts}
    for fold, (ctx, person) in enumerate(itertools.product(contexts, people), 1):
        train = units[units["respondent"] != person].reset_index(drop=True)
        test = units[units["respondent"] == person].reset_index(drop=True)
        y = [[ids[c] for c in cs] for cs in train["codes"]]
        cols = ["unit_id", "text", "group"] if ctx == "with_question_context" else ["unit_id", "text"]
        t_fit = time.perf_counter()
        model = CodeSuggester(codebook=book, language="en", random_state=0).fit(
            train[["unit_id", "text"]].assign(group=train["question"])[cols], y)
        timing[ctx]["fit_s"].append(time.perf_counter() - t_fit)
        key = f"[{model.scaling_}, C {model.C_:g}] " + ", ".join(f"{k} {v:g}" for k, v in model.weights_.items() if v)
        chosen.setdefault(ctx, {})[key] = chosen.get(ctx, {}).get(key, 0) + 1
        x_test = test[["unit_id", "text"]].assign(group=test["question"])[cols]
        t_sugg = time.perf_counter()
        sugg = model.suggest(x_test)
        timing[ctx]["suggest_s"].append(time.perf_counter() - t_sugg)
        timing[ctx]["units"] += len(x_test)
        t_one = time.perf_counter()
        model.suggest(x_test.iloc[:1])  # what the coding view waits for when one unit's suggestions are redone
        timing[ctx]["one_unit_s"].append(time.perf_counter() - t_one)
        sugg = sugg.assign(code=sugg["code"].map(back))
        ranked = sugg.groupby("unit_id", sort=False)["code"].apply(list).to_dict()
        for u, q, gold in zip(test["unit_id"], test["question"], test["codes"], strict=True):
            top = [c for c in ranked.get(u, []) if ctx == "without_context" or c in qcodes[q]][:3]
            sub = train[train["question"] == q] if ctx == "with_question_context" else train
            freq = list(pd.Series([c for cs in sub["codes"] for c in cs], dtype=object).value_counts().index)[:3]
            hits[ctx, "trained_suggester"].append((person, len(set(top) & set(gold)), len(gold)))
            hits[ctx, "most_frequent_baseline"].append((person, len(set(freq) & set(gold)), len(gold)))
        print(f"  {ctx} fold {fold}: done at {time.perf_counter() - t0:.0f}s", file=sys.stderr, flush=True)
    out = {"interviews": len(people), "answers": int(units["respondent"].isin(people).sum()),
           "codebook": "names and definitions" if definitions else "names", "seconds": round(time.perf_counter() - t0, 1),
           "weights_chosen": {ctx: dict(sorted(v.items())) for ctx, v in chosen.items()}}
    for (ctx, m), rows in hits.items():
        df = pd.DataFrame(rows, columns=["person", "hits", "gold"])
        per = df.groupby("person")[["hits", "gold"]].sum()
        per = per[per["gold"] > 0]
        rec = per["hits"] / per["gold"]
        out.setdefault(ctx, {})[m] = {"top3_recall_pooled": round(df["hits"].sum() / max(df["gold"].sum(), 1), 3),
                                      "top3_recall_mean_interview": round(float(rec.mean()), 3),
                                      "top3_recall_worst_interview": round(float(rec.min()), 3),
                                      "interviews_with_zero_recall": int((rec == 0).sum())}
    for ctx in contexts:
        tm = timing[ctx]
        out[ctx]["timing"] = {"fit_s_mean": round(float(np.mean(tm["fit_s"])), 2),
                              "suggest_s_per_unit": round(sum(tm["suggest_s"]) / max(tm["units"], 1), 4),
                              "suggest_one_unit_s_median": round(float(np.median(tm["one_unit_s"])), 4)}
        a, b = out[ctx]["trained_suggester"], out[ctx]["most_frequent_baseline"]
        base = b["top3_recall_pooled"]
        out[ctx]["ratio_pooled"] = round(a["top3_recall_pooled"] / base, 2) if base else None
    return out


# ----------------------------------------------------------------------------- 2. pseudonymiser
ORGS = ["Kela", "Turun kaupunki", "Pelastakaa Lapset", "Diakonissalaitos", "Varsinais-Suomen hyvinvointialue"]
STREETS = ["Puijonkatu", "Hämeenkatu", "Mannerheimintie", "Kauppakatu", "Storgatan", "Koulukuja", "Rantatie"]
TOWNS = ["Kuopio", "Tampere", "Helsinki", "Turku", "Vaasa", "Oulu"]
NAME_ENDINGS = ["", "", "n", "lle", "lta", "lla", "sta", "a", "kin"]
ORG_ENDINGS = ["", "n", "an", "sta", "lla", "lle"]


def _hetu(rng: random.Random) -> str:
    import datetime as dt

    d = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(0, 30000))
    sep = "-" if d.year < 2000 else "A"
    num = rng.randrange(2, 900)
    body = f"{d:%d%m}{d.year % 100:02d}"
    return f"{body}{sep}{num:03d}{'0123456789ABCDEFHJKLMNPRSTUVWXY'[int(body + f'{num:03d}') % 31]}"


def _phone(rng: random.Random) -> str:
    a, c = rng.randrange(100, 999), rng.randrange(1000, 9999)
    return rng.choice([f"040 {a} {c}", f"050-{a}{c}", f"+358 40 {a} {c}", f"+35845{a}{c}", f"(09) {a} {c}",
                       f"+46 70 {a} {c // 100} {c % 100:02d}", f"044 {a} {c // 100} {c % 100:02d}"])


def _inflect(name: str, ending: str) -> str:
    # endings are attached by hand here, independently of the pseudonymiser's own stem rules
    if not ending:
        return name
    if name.endswith("nen"):
        return name[:-3] + {"n": "sen", "lle": "selle", "lta": "selta", "lla": "sella", "sta": "sesta", "a": "sta",
                            "kin": "nenkin"}[ending]
    for strong, weak in (("kk", "k"), ("pp", "p"), ("tt", "t")):
        if name[:-1].endswith(strong) and ending in ("n", "lle", "lta", "lla", "sta"):
            return name[:-1 - len(strong)] + weak + name[-1] + ending
    if name[-1] not in "aeiouyäö":
        return name + ("i" + ending if ending not in ("kin",) else ending)
    return name + ending


def _planted(rng: random.Random, names: list[str]) -> tuple[str, str]:
    cat = rng.choice(CATEGORIES)
    if cat == "name":
        first, last = rng.choice(names), rng.choice(names)
        return cat, rng.choice([f"{first} {last}", _inflect(first, rng.choice(NAME_ENDINGS)),
                                _inflect(last, rng.choice(NAME_ENDINGS))])
    if cat == "email":
        return cat, f"{rng.choice(names).lower()}.{rng.choice(names).lower()}@{rng.choice(['kuopio.fi', 'gmail.com', 'varha.fi'])}".translate(
            str.maketrans("äöå", "aoa"))
    if cat == "phone":
        return cat, _phone(rng)
    if cat == "hetu":
        return cat, _hetu(rng)
    if cat == "address":
        return cat, f"{rng.choice(STREETS)} {rng.randrange(1, 99)}{rng.choice(['', ' A 3', ' B 12'])}, " \
                    f"{rng.randrange(10000, 99999):05d} {rng.choice(TOWNS)}"
    org = rng.choice(ORGS)
    ending = rng.choice(ORG_ENDINGS)
    return cat, org + (ending if ending and org[-1] in "aeiouyäö" else "")


def real_texts(limit_turns: int = 1500) -> list[tuple[str, str]]:
    texts = []
    t = pd.read_csv(SHARED / "wac_world_after_covid" / "transcripts.csv")
    for q in ("Q1", "Q2", "Q3", "Q4", "Q5"):
        texts += [("wac", x) for x in t[q].dropna().astype(str)]
    for f in sorted((SHARED / "qmsum_committee" / "all").glob("*.json"))[:8]:
        turns = json.loads(f.read_text(encoding="utf-8"))["meeting_transcripts"]
        texts += [("qmsum", x["content"]) for x in turns if len(x["content"]) > 80]
    zoom = read_transcript(SHARED / "vtt_srt_fixtures" / "zoomGroupStats" / "meeting001_transcript.vtt")
    texts += [("zoom", x) for x in zoom["text"] if len(x) > 40]
    return texts[:limit_turns]


def bench_pseudonymiser(seed: int) -> dict:
    rng = random.Random(seed)
    names = default_names()
    texts = real_texts()
    p = Pseudonymiser(mask_terms=ORGS, random_state=None)
    stats = {c: {"planted": 0, "found": 0, "found_same_category": 0} for c in CATEGORIES}
    fp = tp_spans = 0
    for _source, text in texts:
        words = [m.end() for m in re.finditer(r"[.!?,]?\s", text)]
        spots = sorted(rng.sample(words, k=min(len(words), rng.randrange(1, 4)))) if words else []
        out, planted, pos = [], [], 0
        for spot in spots:
            cat, ident = _planted(rng, names)
            out.append(text[pos:spot])
            start = sum(len(x) for x in out)
            out.append(ident + " ")
            planted.append((start, start + len(ident), cat))
            pos = spot
        out.append(text[pos:])
        doc = "".join(out)
        res = p.pseudonymise(doc)
        for a, b, cat in planted:
            stats[cat]["planted"] += 1
            cover = [s for s in res.spans if s[0] <= a and s[1] >= b]
            if cover:
                stats[cat]["found"] += 1
                stats[cat]["found_same_category"] += int(any(s[2] == cat for s in cover))
        for s in res.spans:
            if any(s[0] < b and s[1] > a for a, b, _ in planted):
                tp_spans += 1
            else:
                fp += 1
    per_cat = {c: {**v, "recall": round(v["found"] / v["planted"], 4) if v["planted"] else None} for c, v in stats.items()}
    return {"texts": len(texts), "per_category": per_cat,
            "precision": round(tp_spans / (tp_spans + fp), 4) if tp_spans + fp else None,
            "false_positive_spans": fp, "true_positive_spans": tp_spans}


# ----------------------------------------------------------------------------- 3. throughput
def running_text() -> list[tuple[str, str]]:
    sents = []
    for f in sorted((SHARED / "parlamint_fi_se_samples").glob("*.txt")):
        lang = "sv" if "-SE_" in f.name else "fi"
        for line in f.read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                sents += [(lang, s) for s in re.split(r"(?<=[.!?])\s+", line.split("\t", 1)[1]) if len(s) > 20]
    t = pd.read_csv(SHARED / "wac_world_after_covid" / "transcripts.csv")
    for x in t["Q1"].dropna().astype(str)[:40]:
        sents += [("en", s) for s in re.split(r"(?<=[.!?])\s+", x) if len(s) > 20]
    return sents


def bench_throughput(n: int, words: int, seed: int) -> dict:
    rng = random.Random(seed)
    sents = running_text()
    fi = [s for lang, s in sents if lang == "fi"]
    names = default_names()
    codebook = load_codebook(ROOT / "review" / "codebook.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t_gen = time.perf_counter()
        for i in range(n):
            lines, count, turn = [], 0, 0
            while count < words:
                body = " ".join(rng.choice(fi) for _ in range(rng.randrange(2, 6)))
                if rng.random() < 0.05:
                    body += " " + _planted(rng, names)[1] + "."
                lines.append(("H: " if turn % 2 == 0 else "V: ") + body)
                count += len(body.split())
                turn += 1
            (folder / f"T{i:04d}.txt").write_text("\n".join(lines), encoding="utf-8")
        gen = time.perf_counter() - t_gen
        lex = Lexicon(codebook)
        lex.suggest("lämmitys", "fi")  # load simplemma's Finnish data outside the timing
        t0 = time.perf_counter()
        seg, summary = read_transcripts(folder)
        t1 = time.perf_counter()
        pseudo, counts = pseudonymise_segments(seg, Pseudonymiser(), progress=True)
        t2 = time.perf_counter()
        units = pseudo[["segment_id", "text"]].rename(columns={"segment_id": "unit_id"})
        sugg = suggest_codes(units, codebook, language="fi", lexicon=lex, progress=True)
        t3 = time.perf_counter()
    total_words = int(seg["text"].str.split().str.len().sum())
    return {"transcripts": summary["read"], "segments": len(seg), "words": total_words,
            "generate_s": round(gen, 1), "read_s": round(t1 - t0, 1), "pseudonymise_s": round(t2 - t1, 1),
            "lexicon_s": round(t3 - t2, 1), "total_s": round(t3 - t0, 1), "suggestions": len(sugg),
            "replacements": counts}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--suggest-seeds", type=int, nargs="*", default=[],
                    help="also run the suggestion benchmark on these seeds and print a table with their mean")
    ap.add_argument("--n-transcripts", type=int, default=1000)
    ap.add_argument("--words", type=int, default=8000)
    ap.add_argument("--skip", nargs="*", default=[], choices=["suggest", "loio", "pseudonymise", "throughput"])
    ap.add_argument("--loio-limit", type=int, default=None, help="only the first N interviews (exploring)")
    ap.add_argument("--loio-definitions", action="store_true",
                    help="give the suggester the WAC codebook's theme definitions beside the code names")
    ap.add_argument("--loio-contexts", nargs="*", default=["with_question_context", "without_context"],
                    choices=["with_question_context", "without_context"])
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"shared data not found at {SHARED}; nothing to benchmark")
        return 1
    warnings.simplefilter("ignore")
    results = {"seed": args.seed}
    if "suggest" not in args.skip:
        results["suggestions_wac"] = bench_suggestions(args.seed)
        print(json.dumps(results["suggestions_wac"], indent=1))
        print(suggestion_table({args.seed: results["suggestions_wac"]}))
        if args.suggest_seeds:
            per_seed = {s: bench_suggestions(s) for s in args.suggest_seeds}
            results["suggestions_wac_seeds"] = per_seed
            print(f"\nmean over seeds {args.suggest_seeds}:")
            print(suggestion_table(per_seed))
    if "loio" not in args.skip:
        results["leave_one_interview_out"] = bench_leave_one_interview_out(args.loio_limit, args.loio_contexts,
                                                                           args.loio_definitions)
        print("\nleave-one-interview-out (WAC):\n" + json.dumps(results["leave_one_interview_out"], indent=1))
    if "pseudonymise" not in args.skip:
        results["pseudonymiser"] = bench_pseudonymiser(args.seed)
        print(json.dumps(results["pseudonymiser"], indent=1))
    if "throughput" not in args.skip:
        results["throughput"] = bench_throughput(args.n_transcripts, args.words, args.seed)
        print(json.dumps(results["throughput"], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
