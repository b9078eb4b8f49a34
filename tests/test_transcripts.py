"""Tests of the transcript readers (txt, docx, vtt, srt) and informant metadata."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import pytest

from review_tools.config import InformantSet
from review_tools.errors import CorpusFormatError, ReviewToolsWarning
from review_tools.readers.transcripts import (
    attach_informants,
    document_text,
    parse_turns,
    read_transcript,
    read_transcripts,
)

DATA = Path(__file__).resolve().parent / "data" / "transcripts"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "transcripts"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared real data not found at {SHARED}")


def test_txt_h_v_turns_with_multiline_answers_and_preamble():
    seg = read_transcript(DATA / "INT_hv_turns.txt")
    assert seg["segment_id"].tolist() == [f"INT_hv_turns:{i}" for i in range(0, 7)]  # the title line is turn 0
    assert seg["speaker"].tolist() == ["", "H", "V", "H", "V", "H", "V"]
    # the continuation line belongs to the answer; a one-off "Esimerkiksi:" is not a speaker
    assert "perustoimeentulotuen" in seg.loc[2, "text"]
    assert seg.loc[4, "text"].startswith("Esimerkiksi: viime viikolla")
    assert seg["line"].tolist() == [1, 2, 3, 5, 6, 8, 9]


def test_txt_timestamped_named_turns_give_start_and_end():
    seg = read_transcript(DATA / "INT_named_timestamps.txt")
    assert seg["speaker"].tolist() == ["Haastattelija", "Anna Lindqvist", "Haastattelija", "Anna Lindqvist"]
    assert seg["start"].tolist() == [5.0, 12.0, 100.0, 123.0]
    assert seg["end"].tolist()[:3] == [12.0, 100.0, 123.0]
    assert math.isnan(seg["end"].iloc[-1])


def test_txt_i_r_labels():
    seg = read_transcript(DATA / "INT_ir_english.txt")
    assert seg["speaker"].tolist() == ["I", "R", "I", "R"]


def test_offsets_index_the_document_text():
    seg = read_transcript(DATA / "INT_hv_turns.txt")
    text = document_text(seg, "INT_hv_turns")
    for row in seg.itertuples():
        assert text[row.char_start:row.char_end] == row.text


def test_vtt_teams_voice_tags_merge_consecutive_cues():
    seg = read_transcript(DATA / "INT_teams_voice.vtt")
    assert seg["speaker"].tolist() == ["Haastattelija", "Liisa Korhonen", "Haastattelija"]
    assert seg.loc[1, "text"] == "Nuorten mielenterveys huolettaa. Koulupudokkaita on aiempaa enemmän."
    assert (seg.loc[1, "start"], seg.loc[1, "end"]) == (5.0, 12.0)


def test_vtt_zoom_speaker_prefix():
    seg = read_transcript(DATA / "INT_zoom_speaker.vtt")
    assert seg["speaker"].tolist() == ["Matti Nieminen", "Haastattelija", "Matti Nieminen"]
    assert seg.loc[0, "start"] == pytest.approx(4.859)
    assert seg.loc[0, "end"] == pytest.approx(7.41)


def test_srt_with_labels():
    seg = read_transcript(DATA / "INT_srt_turns.srt")
    assert seg["speaker"].tolist() == ["H", "V"]
    assert seg.loc[1, "start"] == pytest.approx(3.5)


def test_vtt_with_broken_timestamp_names_file_and_line():
    with pytest.raises(CorpusFormatError, match=r"broken_timestamp\.vtt, line 6: broken cue timing"):
        read_transcript(DATA / "broken_timestamp.vtt")


def test_unreadable_docx_is_a_clear_error():
    with pytest.raises(CorpusFormatError, match=r"unreadable\.docx: not a readable Word \(\.docx\) file"):
        read_transcript(DATA / "unreadable.docx")


def test_docx_paragraphs(tmp_path):
    import docx

    d = docx.Document()
    for p in ["Haastattelu 3", "Haastattelija: Miten asunnottomuus näkyy?", "V: Asunnottomia nuoria on enemmän.",
              "Lisäksi vuokrat nousevat.", "Haastattelija: Kiitos."]:
        d.add_paragraph(p)
    path = tmp_path / "INT09.docx"
    d.save(path)
    seg = read_transcript(path)
    assert seg["segment_id"].tolist() == ["INT09:0", "INT09:1", "INT09:2", "INT09:3"]
    assert seg.loc[2, "text"] == "Asunnottomia nuoria on enemmän. Lisäksi vuokrat nousevat."


def test_cp1252_transcript_is_read_with_a_warning():
    with pytest.warns(ReviewToolsWarning, match="not UTF-8; read as Windows-1252"):
        seg = read_transcript(DATA / "cp1252_encoded.txt")
    assert seg.loc[1, "text"] == "Työllisyys on tärkeää."


def test_read_folder_counts_every_failed_file():
    with pytest.warns(ReviewToolsWarning, match="skipped transcript"):
        seg, summary = read_transcripts(DATA)
    assert summary["files"] == 9
    assert summary["read"] == 7
    assert sorted(Path(f["file"]).name for f in summary["failed"]) == ["broken_timestamp.vtt", "unreadable.docx"]
    assert summary["segments"] == len(seg)
    assert seg["document_id"].nunique() == 7


def test_unsupported_suffix(tmp_path):
    p = tmp_path / "a.pdf"
    p.write_text("x")
    with pytest.raises(CorpusFormatError, match="unsupported transcript format '.pdf'"):
        read_transcript(p)


def test_parse_turns_keeps_text_before_first_label_and_skips_comments():
    turns = parse_turns(["# SYNTHETIC demo transcript", "Otsikko", "H: Kysymys?", "V: Vastaus.", "# note", "jatkuu"])
    assert [t["speaker"] for t in turns] == ["", "H", "V"]
    assert turns[2]["text"] == "Vastaus. jatkuu"


def _informants():
    return InformantSet.model_validate({
        "schema_version": 1,
        "informants": [
            {"id": "INF01", "name": "Mikko Virtanen", "speaker_labels": ["V"], "role": "social worker",
             "organisation_type": "wellbeing_services_county", "region": "5", "language": "fi",
             "transcript": "interviews/INT_hv_turns.txt"},
            {"id": "INF02", "name": "Anna Lindqvist", "speaker_labels": ["Anna Lindqvist"], "role": "manager",
             "organisation_type": "ngo", "region": "15", "language": "sv",
             "transcript": "interviews/INT_named_timestamps.txt"},
            {"id": "INF03", "name": None, "speaker_labels": ["Liisa K."], "role": "nurse",
             "organisation_type": "municipality", "region": "5", "language": "fi",
             "transcript": "interviews/INT_teams_voice.vtt"},
        ],
    })


def test_attach_informants_matches_labels_and_interviewer():
    seg = read_transcript(DATA / "INT_hv_turns.txt")
    out = attach_informants(seg, _informants())
    assert out["informant_id"].tolist() == ["INF01", "", "INF01", "", "INF01", "", "INF01"]
    assert out["informant_group"].tolist()[1:3] == ["interviewer", "wellbeing_services_county"]
    assert set(out["region"]) == {"5"}
    assert "informant_id" not in seg.columns  # input not mutated


def test_attach_informants_warns_on_unknown_speaker_label_with_line():
    seg = read_transcript(DATA / "INT_teams_voice.vtt")
    seg["source_file"] = str(DATA / "INT_teams_voice.vtt")
    with pytest.warns(ReviewToolsWarning, match=r"INT_teams_voice, line 6: the speaker label matches no informant") as w:
        out = attach_informants(seg, _informants())
    assert out.loc[1, "informant_group"] == "unknown"
    assert not any("Liisa" in str(x.message) or "Korhonen" in str(x.message) for x in w)  # names never quoted


def test_attach_informants_warns_for_transcript_without_metadata():
    seg = read_transcript(DATA / "INT_ir_english.txt")
    with pytest.warns(ReviewToolsWarning, match="no informant in informants.yaml"):
        out = attach_informants(seg, _informants())
    assert set(out["informant_group"]) == {"unknown"}


@needs_shared
def test_real_teams_export_with_voice_tags():
    seg = read_transcript(SHARED / "vtt_srt_fixtures" / "webvtt-py" / "teams_timeframe.vtt")
    assert seg.loc[0, "speaker"] == "Yuri Bakulin"
    assert seg.loc[0, "text"] == "There you go."


@needs_shared
def test_real_zoom_transcript():
    seg = read_transcript(SHARED / "vtt_srt_fixtures" / "zoomGroupStats" / "meeting001_transcript.vtt")
    assert seg.loc[0, "speaker"] == "Andrew Knight"
    assert seg.loc[0, "text"] == "Okay, so we're recording. We're streaming We have that setup. Okay. It's like Mary Kate's here. I'll let her in. Gonna make her a host to"
    assert seg["speaker"].nunique() >= 4
    assert (seg["speaker"] != seg["speaker"].shift()).iloc[1:].all()  # consecutive cues merged


@needs_shared
@pytest.mark.parametrize("name,line", [("invalid_timeframe.vtt", 6), ("invalid_timeframe.srt", 6)])
def test_real_broken_timeframes(name, line):
    path = SHARED / "vtt_srt_fixtures" / "webvtt-py" / name
    with pytest.raises(CorpusFormatError) as info:
        read_transcript(path)
    assert name in str(info.value)
    if line is not None:
        assert info.value.line == line


@needs_shared
@pytest.mark.parametrize("name", ["sample.vtt", "sample.srt", "captions_with_bom.vtt", "comments.vtt", "styles.vtt",
                                  "metadata_headers.vtt", "using_identifiers.vtt", "one_caption.srt"])
def test_real_webvtt_fixtures_read(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        seg = read_transcript(SHARED / "vtt_srt_fixtures" / "webvtt-py" / name)
    assert len(seg) >= 1 and seg["text"].str.len().min() > 0
