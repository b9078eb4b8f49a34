"""``review-tools code ...``: code suggestions, intercoder agreement and REFI-QDA exchange.

- ``code suggest --train TRAIN.csv --apply TEST.csv --out SUGGESTIONS.csv [--codebook FILE]``
- ``code agreement CODINGS.csv [--json] [--disagreements FILE]``
- ``code export-qdpx --out FILE.qdpx [--run-dir RUN] [--review-dir review]``
- ``code import-qdpx FILE.qdpx --out CODINGS.csv``
- ``code export-qdc --out FILE.qdc [--codebook FILE]`` and ``code import-qdc FILE.qdc --out codebook.yaml``
"""

from __future__ import annotations

import io
import json
import math
import sys
from pathlib import Path

import pandas as pd

from ..errors import CorpusFormatError
from ..readers import read_text


def register(sub) -> None:
    """Add the ``code`` command group."""
    p = sub.add_parser("code", help="qualitative coding: suggestions, agreement, REFI-QDA export/import")
    csub = p.add_subparsers(dest="code_command", metavar="SUBCOMMAND")
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])

    s = csub.add_parser("suggest", help="suggest codes for text units (lexicon, or a model trained on coded units)")
    s.add_argument("--train", default=None, help="CSV with segment_id,text,codes (codes joined by ';')")
    s.add_argument("--apply", required=True, help="CSV with segment_id,text")
    s.add_argument("--out", required=True, help="output CSV segment_id,code,score,reason (best first)")
    s.add_argument("--codebook", default=None,
                   help="codebook.yaml or .qdc (default without --train: review/codebook.yaml)")
    s.add_argument("--language", default=None, choices=["fi", "sv", "en"], help="language of all texts (default: guess)")
    s.add_argument("--top-k", type=int, default=5, help="suggestions kept per unit (default 5; 0 = all)")
    s.add_argument("--seed", type=int, default=0, help="random_state of the model")
    s.set_defaults(func=run_suggest)

    a = csub.add_parser("agreement", help="percent agreement, Cohen's kappa and Krippendorff's alpha per code")
    a.add_argument("codings", help="CSV with unit_id,coder,code (empty code: unit read, left uncoded)")
    a.add_argument("--json", action="store_true", help="print JSON instead of a table")
    a.add_argument("--disagreements", default=None, help="write the disagreements to this CSV")
    a.set_defaults(func=run_agreement)

    e = csub.add_parser("export-qdpx", help="export codebook, coders, sources and codings as REFI-QDA .qdpx")
    e.add_argument("--out", required=True, help="the .qdpx file to write")
    e.add_argument("--run-dir", default="outputs/demo", help="run folder with artefacts/03-coding (default outputs/demo)")
    e.add_argument("--review-dir", default="review", help="review folder with codebook.yaml")
    e.add_argument("--include-lexicon", action="store_true", help="also export lexicon-only (unconfirmed) codings")
    e.set_defaults(func=run_export_qdpx)

    i = csub.add_parser("import-qdpx", help="read codings from a REFI-QDA .qdpx into a CSV")
    i.add_argument("qdpx", help="the .qdpx file")
    i.add_argument("--out", required=True, help="CSV unit_id,unit_type,coder,code,char_start,char_end,source,start,end")
    i.set_defaults(func=run_import_qdpx)

    q = csub.add_parser("export-qdc", help="export the codebook as REFI-QDA .qdc")
    q.add_argument("--out", required=True)
    q.add_argument("--codebook", default="review/codebook.yaml")
    q.add_argument("--language", default="en", choices=["fi", "sv", "en"], help="language of the code names")
    q.set_defaults(func=run_export_qdc)

    r = csub.add_parser("import-qdc", help="convert a REFI-QDA .qdc codebook to codebook.yaml format")
    r.add_argument("qdc")
    r.add_argument("--out", required=True, help="YAML file to write")
    r.set_defaults(func=run_import_qdc)


def _read_csv(path: str, required: list[str]) -> pd.DataFrame:
    p = Path(path)
    if not p.is_file():
        raise CorpusFormatError(p, "file not found")
    text, enc = read_text(p)
    if enc not in ("utf-8-sig", "utf-8"):
        print(f"warning: {p}: not UTF-8; read as {enc}", file=sys.stderr)
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise CorpusFormatError(p, f"not a readable CSV ({exc})") from exc
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise CorpusFormatError(p, f"missing column(s) {missing}; the header has {list(df.columns)}", line=1)
    return df


def run_suggest(args) -> int:
    """Suggest codes and write SUGGESTIONS.csv."""
    from ..coding import suggest_codes
    from ..coding.lexicon import Lexicon
    from ..coding.model import CodeSuggester, split_codes
    from ..coding.qdpx import load_codebook

    test = _read_csv(args.apply, ["segment_id", "text"])
    codebook_path = args.codebook or (None if args.train else "review/codebook.yaml")
    codebook = load_codebook(codebook_path) if codebook_path else None
    units = test.rename(columns={"segment_id": "unit_id"})
    top_k = args.top_k or None
    model = None
    if args.train:
        train = _read_csv(args.train, ["segment_id", "text", "codes"])
        labels = [split_codes(v) for v in train["codes"]]
        if codebook is not None:
            known = {c.id for c in codebook.codes}
            for i, codes in enumerate(labels):
                bad = [c for c in codes if c not in known]
                if bad:
                    raise CorpusFormatError(args.train, f"code '{bad[0]}' is not in the codebook {codebook_path}",
                                            line=i + 2, field="codes")
        model = CodeSuggester(codebook=codebook, language=args.language, random_state=args.seed).fit(
            train.rename(columns={"segment_id": "unit_id"}), labels)
    if model is not None and codebook is None:
        out = model.suggest(units if args.language is None else units.assign(language=args.language), top_k=top_k)
    else:
        out = suggest_codes(units, codebook, language=args.language, model=model, top_k=top_k,
                            lexicon=Lexicon(codebook))
    out = out.rename(columns={"unit_id": "segment_id"})
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(args.out, index=False, encoding="utf-8")
    source = "model + lexicon" if model is not None and codebook is not None else ("model" if model else "lexicon")
    print(f"{args.out}: {len(out)} suggestions for {out['segment_id'].nunique()} of {len(units)} units ({source})")
    return 0


def _nan_to_none(x):
    return None if isinstance(x, float) and math.isnan(x) else x


def run_agreement(args) -> int:
    """Print agreement per code and overall."""
    from ..coding.reliability import agreement_table, disagreements

    codings = _read_csv(args.codings, ["unit_id", "coder", "code"])
    table = agreement_table(codings)
    dis = disagreements(codings)
    if args.disagreements:
        dis.to_csv(args.disagreements, index=False, encoding="utf-8")
    if args.json:
        records = [{k: _nan_to_none(v) for k, v in row.items()} for row in table.to_dict("records")]
        payload = {
            "coders": sorted(codings["coder"].unique().tolist()),
            "n_units": int(codings["unit_id"].nunique()),
            "per_code": records[:-1],
            "overall": records[-1],
            "n_disagreements": len(dis),
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(table.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
        print(f"\n{len(dis)} unit x code disagreements" + (f" written to {args.disagreements}" if args.disagreements else ""))
    return 0


def run_export_qdpx(args) -> int:
    """Export the run's coding artefacts as .qdpx."""
    from .. import writers
    from ..coding.qdpx import export_qdpx, load_codebook

    codebook = load_codebook(Path(args.review_dir) / "codebook.yaml")
    segments = writers.read_table(args.run_dir, "03-coding", "segments.csv", dtype={"document_id": str, "segment_id": str})
    codings = writers.read_table(args.run_dir, "03-coding", "codings.csv", dtype=str)
    if not args.include_lexicon:
        codings = codings[codings["origin"].isin(["human", "accepted_suggestion"])]
    records = None
    inc = writers.artefact_path(args.run_dir, "02-screening", "included.csv")
    rec_units = set(codings.loc[codings["unit_type"] == "record", "unit_id"])
    if rec_units and inc.exists():
        records = writers.read_table(args.run_dir, "02-screening", "included.csv", dtype=str)
        records = records[records["record_id"].isin(rec_units)]
    codings = codings[codings["unit_type"].isin(["segment", "record"])]
    path = export_qdpx(args.out, codebook, codings, segments, records)
    print(f"{path}: {len(codings)} codings by {codings['coder'].nunique()} coder(s) on "
          f"{codings['unit_id'].nunique()} units")
    return 0


def run_import_qdpx(args) -> int:
    """Import codings from a .qdpx into CSV."""
    from ..coding.qdpx import import_qdpx

    result = import_qdpx(args.qdpx)
    cod = result["codings"][["unit_id", "unit_type", "coder", "code", "char_start", "char_end", "source", "start", "end"]]
    cod.to_csv(args.out, index=False, encoding="utf-8")
    print(f"{args.out}: {len(cod)} codings, {len(result['codebook'].codes)} codes, {len(result['sources'])} sources")
    return 0


def run_export_qdc(args) -> int:
    """Write the codebook as .qdc."""
    from ..coding.qdpx import codebook_to_qdc, load_codebook

    cb = load_codebook(args.codebook)
    Path(args.out).write_bytes(codebook_to_qdc(cb, language=args.language))
    print(f"{args.out}: {len(cb.codes)} codes")
    return 0


def run_import_qdc(args) -> int:
    """Convert a .qdc to our codebook YAML."""
    import yaml

    from ..coding.qdpx import load_codebook

    cb = load_codebook(args.qdc)
    data = cb.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    for c in data["codes"]:
        for key in ("keywords", "case_sensitive"):
            if not c.get(key):
                c.pop(key, None)
    Path(args.out).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"{args.out}: {len(cb.codes)} codes")
    return 0

