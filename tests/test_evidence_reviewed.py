"""Evidence = reviewed codings; the coders' directions (unit tests on top of the demo's browser test).

Suggestions (lexicon codings, suggested report codes) never change the evidence units or the matrix unless
the protocol opts in; coding events carry a direction that the import keeps idempotent and the synthesis
reads per stream.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from review_tools import synthesis as syn
from review_tools.coding.events import (
    add_coding_event,
    coding_events,
    import_codings,
    unit_directions,
)
from review_tools.config import load_review
from review_tools.db import connect
from review_tools.errors import ConfigError, DatabaseError, StageInputError

DATA = Path(__file__).resolve().parent / "data" / "synthesis_run"


@pytest.fixture(scope="module")
def cfg():
    return load_review(DATA / "review", corpus_dir=None)


@pytest.fixture(scope="module")
def art():
    from review_tools.stages.synthesis_report import load_artefacts

    return load_artefacts(DATA)


def with_tables(art, **changes):
    tables = dict(art.tables)
    for key, frame in changes.items():
        tables[key.replace("__", "/")] = frame
    return syn.Artefacts(tables, art.prisma, art.prisma_image, art.stage_manifests, art.manifest, art.missing,
                         art.stopping)


def suggested(art):
    """The fixture's artefacts plus lexicon codings on new and on already-coded units, and a report whose
    codes are only suggested."""
    cod = art.table("03-coding", "codings.csv")
    inc = art.table("02-screening", "included.csv")
    # a segment the run counts (in its region scope) that no coder coded with X.GP
    cfg = load_review(DATA / "review", corpus_dir=None)
    counted = syn.evidence_units(art, cfg.codebook, "5", "2000-2012")
    inter = counted[counted["stream"] == "interviews"]
    segment = sorted(set(inter["unit_id"]) - set(inter.loc[inter["code"] == "X.GP", "unit_id"]))[0]
    extra = pd.DataFrame([
        {"unit_id": segment, "unit_type": "segment", "source_type": "interview",
         "code": "X.GP", "coder": "lexicon", "origin": "lexicon"},
        {"unit_id": inc["record_id"].iloc[0], "unit_type": "record", "source_type": "literature",
         "code": "SW.MAT", "coder": "lexicon", "origin": "lexicon"},
    ])
    reps = art.table("04-social-reports", "social_reports.csv").copy()
    row = reps.iloc[0].copy()
    row["report_id"], row["codes"] = "SR-SUGGESTED", "SW.SOC.IND.REL"
    row["welfare_codes"], row["code_origin"], row["suggested_codes"] = "", "suggested", "SW.SOC.IND.REL"
    reps = pd.concat([reps.assign(code_origin="human", welfare_codes=reps["codes"], suggested_codes=""),
                      row.to_frame().T], ignore_index=True)
    return with_tables(art, **{"03-coding__codings.csv": pd.concat([cod, extra], ignore_index=True),
                               "04-social-reports__social_reports.csv": reps})


def test_suggestions_change_no_unit_and_no_count(cfg, art):
    base = syn.synthesise_review(cfg, art, "5", "2000-2012")
    more = syn.synthesise_review(cfg, suggested(art), "5", "2000-2012")
    cols = [c for c in base.matrix.columns if c != "label"]
    pd.testing.assert_frame_equal(base.matrix[cols], more.matrix[cols])
    assert set(more.units["origin"]) <= {"reviewed", "computed"}
    # ... and they are listed as proposals
    props = more.suggestions
    assert {("interviews", "X.GP"), ("literature", "SW.MAT"), ("social_reports", "SW.SOC.IND.REL")} <= set(
        zip(props["stream"], props["code"], strict=True))


def test_opting_in_counts_them_and_marks_them(cfg, art):
    opted = syn.synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, suggested(art), "5", "2000-2012",
                           count_suggestions=True)
    base = syn.synthesise_review(cfg, art, "5", "2000-2012").matrix.set_index("theme")
    m = opted.matrix.set_index("theme")
    assert m.loc["X.GP", "interviews_n"] == base.loc["X.GP", "interviews_n"] + 1
    assert m.loc["SW.SOC.IND.REL", "social_reports_n"] == base.loc["SW.SOC.IND.REL", "social_reports_n"] + 1
    sug = opted.units[opted.units["origin"] == "suggestion"]
    assert opted.count_suggestions and {"SR-SUGGESTED"} <= set(sug["unit_id"]) and len(sug) >= 3


def test_protocol_setting_is_validated(tmp_path):
    review = tmp_path / "review"
    shutil.copytree(DATA / "review", review)
    protocol = yaml.safe_load((review / "protocol.yaml").read_text(encoding="utf-8"))
    protocol["evidence"] = {"count_suggestions": "perhaps"}
    (review / "protocol.yaml").write_text(yaml.safe_dump(protocol, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"protocol.yaml.*evidence.*count_suggestions"):
        load_review(review, corpus_dir=None)
    protocol["evidence"] = {"count_suggestions": True}
    (review / "protocol.yaml").write_text(yaml.safe_dump(protocol, allow_unicode=True), encoding="utf-8")
    assert load_review(review, corpus_dir=None).protocol.evidence.count_suggestions is True


def test_coder_directions_enter_the_convergence_and_are_named(cfg, art):
    seg = art.table("03-coding", "segments.csv")
    cod = art.table("03-coding", "codings.csv")
    liv = cod[(cod["code"] == "SW.SOC.COM.LIV")]
    rows = [{"unit_id": u, "unit_type": t, "source_type": s, "coder": "aa", "direction": "problem"}
            for u, t, s in zip(liv["unit_id"], liv["unit_type"], liv["source_type"], strict=True)]
    one = seg["segment_id"].iloc[0]
    rows += [{"unit_id": one, "unit_type": "segment", "source_type": "interview", "coder": "aa", "direction": "strength"},
             {"unit_id": one, "unit_type": "segment", "source_type": "interview", "coder": "bb", "direction": "worsening"}]
    directed = with_tables(art, **{"03-coding__directions.csv": pd.DataFrame(rows)})
    m = syn.synthesise_review(cfg, directed, "5", "2000-2012").matrix.set_index("theme")
    row = m.loc["SW.SOC.COM.LIV"]
    assert row["literature_direction"] == "worse" and row["interviews_direction"] == "worse"
    assert row["direction_streams"].split(";") == ["literature", "interviews", "social_reports", "indicators"][
        :2] + [s for s in ("social_reports", "indicators") if row[f"{s}_direction"] not in ("", "none")]
    assert syn.coder_signals(pd.DataFrame(rows), "interview")[one] == "unclear"  # coders pointing both ways


def test_direction_events_import_and_replay(tmp_path, cfg):
    conn = connect(tmp_path / "review.db")
    table = pd.DataFrame([
        {"unit_id": "INT01:4", "coder": "aa", "code": "SW.SOC.COM.LIV", "direction": "problem"},
        {"unit_id": "INT01:4", "coder": "aa", "code": "X.COOP", "direction": ""},
        {"unit_id": "R1", "coder": "aa", "code": "X.GP", "action": "accept", "unit_type": "record"},
    ])
    assert import_codings(conn, table, codebook=cfg.codebook) == 3
    assert import_codings(conn, table, codebook=cfg.codebook) == 0  # idempotent
    # a later change in the coding view stands: importing again does not bring the old direction back
    add_coding_event(conn, "INT01:4", "", "aa", direction="strength")
    assert import_codings(conn, table, codebook=cfg.codebook) == 0
    d = unit_directions(conn)
    assert d[["unit_id", "coder", "direction"]].values.tolist() == [["INT01:4", "aa", "strength"]]
    add_coding_event(conn, "INT01:4", "", "aa", direction="")  # withdrawn
    assert unit_directions(conn).empty
    assert coding_events(conn)["direction"].tolist()[-2:] == ["strength", ""]
    with pytest.raises(DatabaseError, match="direction 'sideways' is invalid.*problem"):
        add_coding_event(conn, "INT01:4", "", "aa", direction="sideways")
    bad = pd.DataFrame([{"unit_id": "INT01:5", "coder": "aa", "code": "X.GP", "direction": "up"},
                        {"unit_id": "INT01:6", "coder": "aa", "code": "NOPE"}])
    with pytest.raises(StageInputError, match=r"team line 2: direction 'up'.*\n.*team line 3: code 'NOPE'"):
        import_codings(conn, bad, codebook=cfg.codebook, where="team")


def test_a_database_of_schema_1_gains_the_direction_column(tmp_path):
    import sqlite3

    from review_tools.db.schema import migration_statements

    path = tmp_path / "old.db"
    raw = sqlite3.connect(path)
    for statement in migration_statements(0, "sqlite"):
        raw.execute(statement)
    raw.execute("PRAGMA application_id = 1383486572")
    raw.execute("PRAGMA user_version = 1")
    raw.execute("INSERT INTO coding_events (unit_id, unit_type, code, coder, action, created_at) "
                "VALUES ('u', 'segment', 'X.GP', 'aa', 'add', '2026-01-01')")
    raw.commit()
    raw.close()
    conn = connect(path)
    assert coding_events(conn)["direction"].isna().all()
    add_coding_event(conn, "u", "", "aa", direction="problem")
    assert unit_directions(conn)["direction"].tolist() == ["problem"]


def test_coding_view_sets_and_withdraws_a_direction(tmp_path, cfg):
    from review_tools.coding.widget import CodingView

    units = pd.DataFrame({"unit_id": ["INT01:4", "INT01:6"], "text": ["asunto puuttuu", "tuki toimii"]})
    view = CodingView(units, tmp_path / "review.db", "aa", cfg.codebook, language="fi")
    view.widget  # noqa: B018 - built, so the buttons follow the stored direction
    view.set_direction("problem")
    assert view.current_direction() == "problem" and view._w_direction.value == "problem"
    assert "epäkohtaa" in view._w_message.value
    view.next()
    assert view._w_direction.value == ""
    view._w_direction.value = "improvement"  # as a click does
    assert view.current_direction() == "improvement"
    view.previous()
    assert view._w_direction.value == "problem"
    view.set_direction("")
    assert view.current_direction() == ""
    with pytest.raises(StageInputError, match="sideways"):
        view.set_direction("sideways")


def test_the_report_says_so_on_every_affected_figure_and_table_when_opted_in(cfg, art):
    from review_tools import report
    from review_tools.report.i18n import t

    opted = syn.synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, suggested(art), "5", "2000-2012",
                           count_suggestions=True)
    plain = syn.synthesise_review(cfg, suggested(art), "5", "2000-2012")
    for lang in ("en", "fi"):
        note = html.escape(t("opt_in_short", lang))
        html_opted = report.render_report(cfg, opted, language=lang, provenance={})
        html_plain = report.render_report(cfg, plain, language=lang, provenance={})
        assert note not in html_plain and "rt-opt-in" not in html_plain
        # the matrix figure's caption, the matrix table's caption, every theme with evidence, the social reports
        themes = int((opted.matrix["n_streams"] > 0).sum())
        assert html_opted.count(note) >= 3 + themes
        assert any(note in cap for cap in re.findall(r"<figcaption>(.*?)</figcaption>", html_opted))
        assert any(note in cap for cap in re.findall(r"<caption>(.*?)</caption>", html_opted))
        assert html.escape(t("evidence_basis_opt_in", lang, n=0, m=0).split(":")[0]) in html_opted


def test_coding_stage_carries_the_coders_work_on_reports_and_directions(tmp_path):
    from review_tools.stages import coding as coding_stage

    tiny = DATA.parent
    review = tmp_path / "review"
    shutil.copytree(tiny / "tiny_review", review, ignore=shutil.ignore_patterns("*.db", "*.db-*", "keys"))
    cfg = load_review(review, corpus_dir=tiny / "tiny_corpus")
    conn = connect(cfg.database_path)
    add_coding_event(conn, "SR-T1", "X.GP", "coder1", action="accept", unit_type="report", suggestion_score=0.8,
                     suggestion_source="lexicon")
    add_coding_event(conn, "SR-T1", "", "coder1", unit_type="report", direction="strength")
    conn.close()
    run = tmp_path / "run"
    stage = coding_stage.run(cfg, tiny / "tiny_corpus", run, progress=False)
    art = run / "artefacts" / "03-coding"
    cod = pd.read_csv(art / "codings.csv", dtype=str)
    rep = cod[cod["unit_id"] == "SR-T1"]
    assert rep[["unit_type", "source_type", "code", "origin"]].values.tolist() == [
        ["report", "social_report", "X.GP", "accepted_suggestion"]]
    d = pd.read_csv(art / "directions.csv", dtype=str)
    assert ["SR-T1", "report", "social_report", "coder1", "strength"] in d.values.tolist()
    # the tiny corpus's coding table was imported into the review database, and its units carry no direction
    assert stage.manifest["evidence_codings"] == int(cod["origin"].isin(["human", "accepted_suggestion"]).sum())
    assert set(d["unit_id"]) == {"SR-T1"}
    src = pd.read_csv(art / "literature_sources.csv")
    assert list(src.columns) == ["record_id", "coded_on", "characters"]
