"""Tests of the pseudonymiser: categories, Finnish inflection, consistency and the key file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_tools.config import InformantSet
from review_tools.errors import ConfigError, StageInputError
from review_tools.pseudonymise import (
    Pseudonymiser,
    hetu_is_valid,
    name_forms_pattern,
    pseudonymise_frame,
    pseudonymise_segments,
)
from review_tools.readers.transcripts import document_text, read_transcript

DATA = Path(__file__).resolve().parent / "data" / "transcripts"


@pytest.mark.parametrize(
    "text,original",
    [
        ("Soitin Mikolle eilen.", "Mikolle"),
        ("Se oli Mikon asiakas.", "Mikon"),
        ("Virtaselle tuli vastaus.", "Virtaselle"),
        ("Puhuin Virtasen kanssa.", "Virtasen"),
        ("Virtasten perhe muutti.", "Virtasten"),
        ("Kysyin Liisalta.", "Liisalta"),
        ("Korhosella on kiire.", "Korhosella"),
        ("Pekan mielestä näin.", "Pekan"),
        ("Matinkin mielestä näin.", "Matinkin"),
        ("Kävin Heikin luona.", "Heikin"),
        ("Mikkokin tuli.", "Mikkoa"[:5] + "kin"),
        ("Jag träffade Johans kollega.", "Johans"),
        ("Sirpa's view was clear.", "Sirpa's"),
    ],
)
def test_inflected_names_are_masked(text, original):
    res = Pseudonymiser().pseudonymise(text)
    assert original not in res.text
    assert res.counts["name"] == 1


@pytest.mark.parametrize("name,form", [("Aalto", "Aallon"), ("Saari", "Saarelle"), ("Lahti", "Lahden"),
                                        ("Mäki", "Mäen"), ("Halme", "Halmeelle"), ("Nieminen", "Niemistä")])
def test_custom_names_with_gradation(name, form):
    p = Pseudonymiser(names=[name], use_default_names=False)
    res = p.pseudonymise(f"Tapasin {form} ja sitten {name}.")
    assert res.counts["name"] == 2
    assert name_forms_pattern(name).search(form)


def test_common_words_are_not_names():
    text = "Ainoa asia on, että annan tukea. Kaikki hyvin."
    res = Pseudonymiser().pseudonymise(text)
    assert res.text == text
    assert sum(res.counts.values()) == 0


def test_same_person_same_pseudonym_and_full_name_is_one_replacement():
    p = Pseudonymiser(names=["Mikko Virtanen"], use_default_names=False)
    a = p.pseudonymise("Mikko Virtanen sanoi niin.")
    b = p.pseudonymise("Virtaselle ja Mikolle soitettiin.")
    assert a.text == "[H1] sanoi niin."
    assert b.text == "[H1] ja [H1] soitettiin."
    assert p.counts_total["name"] == 3


@pytest.mark.parametrize("code,valid", [("131052-308T", True), ("010190-123M", True), ("131052-308X", False),
                                         ("310290-123A", False), ("010105A123U", None)])
def test_hetu_checksum(code, valid):
    if valid is None:  # compute the right check character for a 2000s code
        chars = "0123456789ABCDEFHJKLMNPRSTUVWXY"
        code = code[:-1] + chars[int("010105" + "123") % 31]
        valid = True
    assert hetu_is_valid(code) is valid
    res = Pseudonymiser().pseudonymise(f"Tunnus {code} lomakkeella.")
    # a code with a real date is masked even with a wrong check character: a typo still identifies
    real_date = not code.startswith("3102")
    assert (code not in res.text) is real_date
    assert res.counts["hetu"] == int(real_date)


@given(st.dates(min_value=dt.date(1850, 1, 1), max_value=dt.date(2025, 12, 31)), st.integers(2, 899))
@settings(max_examples=60, deadline=None)
def test_every_valid_hetu_is_masked(date, num):
    sep = "+" if date.year < 1900 else ("-" if date.year < 2000 else "A")
    body = f"{date:%d%m}{date.year % 100:02d}"
    check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(body + f"{num:03d}") % 31]
    code = f"{body}{sep}{num:03d}{check}"
    res = Pseudonymiser(use_default_names=False).pseudonymise(f"hetu: {code}.")
    assert res.text == "hetu: [HETU1]."


@pytest.mark.parametrize("phone", ["040 123 4567", "040-1234567", "0401234567", "+358 40 123 4567", "+358401234567",
                                    "(09) 310 1234", "09 3101 2345", "050 123 45 67", "+46 70 123 45 67",
                                    "+44 20 7946 0958", "+358 (0)9 310 1234"])
def test_phone_formats(phone):
    res = Pseudonymiser(use_default_names=False).pseudonymise(f"Soita numeroon {phone} huomenna.")
    assert res.text == "Soita numeroon [PHONE1] huomenna.", res.text


@pytest.mark.parametrize("text", ["Vuosina 2019 2020 oli 100 000 asiakasta.", "Kokous 12.3.2024 klo 12:30.",
                                   "[00:12:03] puhe", "Summa 1 234 567 euroa.", "pykälä 11 § ja 2,5 %"])
def test_numbers_that_are_not_phones(text):
    res = Pseudonymiser(use_default_names=False).pseudonymise(text)
    assert res.text == text


def test_email_and_addresses():
    p = Pseudonymiser(use_default_names=False)
    res = p.pseudonymise("Posti: liisa.k@esimerkki.fi tai osoitteeseen Mannerheimintie 12 B 5, 00100 Helsinki. "
                         "Toinen osoite Storgatan 5, 65100 Vasa ja Kotikuja 3.")
    assert res.text == "Posti: [EMAIL1] tai osoitteeseen [ADDRESS1]. Toinen osoite [ADDRESS2] ja [ADDRESS3]."
    assert res.counts == {"name": 0, "email": 1, "phone": 0, "hetu": 0, "address": 3, "organisation": 0,
                          "place": 0, "id": 0, "document": 0}


def test_organisations_and_places_inflected_share_a_pseudonym():
    p = Pseudonymiser(mask_terms=["Kela", "Kuopion kaupunki"], use_default_names=False)
    res = p.pseudonymise("Soitin Kelaan, mutta Kelan jono oli pitkä. Kuopion kaupungilla ja kelalla on yhteistyötä.")
    assert res.text == "Soitin [ORG1], mutta [ORG1] jono oli pitkä. [ORG2] ja [ORG1] on yhteistyötä."


def test_informants_get_their_id_as_pseudonym():
    inf = InformantSet.model_validate({"schema_version": 1, "informants": [
        {"id": "INF07", "name": "Sanna Rautio", "speaker_labels": ["V", "Sanna R."], "role": "social worker",
         "organisation_type": "municipality"}]})
    p = Pseudonymiser(informants=inf, use_default_names=False)
    assert p.pseudonymise("Rautiolle ja Sannalle kiitos.").text == "[INF07] ja [INF07] kiitos."
    assert p.speaker_pseudonym("V") == "V"
    assert p.speaker_pseudonym("Sanna Rautio") == "[INF07]"


def test_key_file_keeps_pseudonyms_across_runs(tmp_path):
    key = tmp_path / "review" / "keys" / "pseudonyms.json"
    p1 = Pseudonymiser(key_path=key, use_default_names=False, names=["Outi Salmi"])
    p1.pseudonymise("Ensin Jussi Ketola, sitten Outi Salmi.", speakers=["Jussi Ketola"])
    p1.save_key()
    stored = json.loads(key.read_text(encoding="utf-8"))
    assert "Outi Salmi" in json.dumps(stored, ensure_ascii=False)
    p2 = Pseudonymiser(key_path=key, use_default_names=False, names=["Outi Salmi"])
    assert p2.pseudonymise("Outi Salmi palasi.").text == p1.pseudonymise("Outi Salmi palasi.").text


def test_key_under_outputs_is_refused(tmp_path):
    p = Pseudonymiser(key_path=tmp_path / "outputs" / "demo" / "key.json")
    with pytest.raises(ConfigError, match="must not be kept under outputs"):
        p.pseudonymise("x")


def test_random_state_draws_reproducible_numbers():
    a = Pseudonymiser(random_state=3, use_default_names=False).pseudonymise("a@b.fi c@d.fi").text
    b = Pseudonymiser(random_state=3, use_default_names=False).pseudonymise("a@b.fi c@d.fi").text
    c = Pseudonymiser(use_default_names=False).pseudonymise("a@b.fi c@d.fi").text
    assert a == b
    assert c == "[EMAIL1] [EMAIL2]"
    assert a != c


def test_pseudonymise_segments_masks_speakers_text_and_keeps_offsets():
    seg = read_transcript(DATA / "INT_zoom_speaker.vtt")
    seg2 = pd.concat([seg, read_transcript(DATA / "INT_hv_turns.txt")], ignore_index=True)
    out, counts = pseudonymise_segments(seg2, Pseudonymiser(mask_terms=["Kela"]))
    blob = " ".join(out["text"]) + " ".join(out["speaker"])
    for ident in ["Matti", "Nieminen", "Mikko", "Virtanen", "Virtaselle", "Mikon", "040 123 4567",
                  "mikko.virtanen@kuopio.fi", "010190-123M", "Puijonkatu", "Kelan"]:
        assert ident not in blob
    assert counts["name"] == 5 and counts["hetu"] == 1 and counts["email"] == 1 and counts["address"] == 1
    for doc in out["document_id"].unique():
        text = document_text(out, doc)
        for row in out[out["document_id"] == doc].itertuples():
            assert text[row.char_start:row.char_end] == row.text
    assert seg2.loc[0, "speaker"] == "Matti Nieminen"  # input not mutated


def test_pseudonymise_frame_and_bad_columns():
    df = pd.DataFrame({"report_id": ["SR-1", "SR-2"], "text": ["Soita 040 765 4321", None]})
    out, counts = pseudonymise_frame(df, ["text"], Pseudonymiser(use_default_names=False), "report_id")
    assert out["text"].tolist()[0] == "Soita [PHONE1]" and pd.isna(out["text"].tolist()[1])
    assert counts["phone"] == 1
    with pytest.raises(StageInputError, match="missing columns"):
        pseudonymise_frame(df, ["body"], Pseudonymiser(), "report_id")


# ---- issue 14 part 1 and issue 13 part 8 ---------------------------------------------------------
def _informants():
    return InformantSet.model_validate({"schema_version": 1, "informants": [
        {"id": "H02", "name": "Jari Lehtovaara", "speaker_labels": ["Haastateltava"], "role": "head of youth services",
         "organisation_type": "municipality", "transcript": "interviews/INT02.txt"},
        {"id": "H09", "name": "Jenna Mäkipää", "speaker_labels": ["V"], "role": "kokemusasiantuntija",
         "organisation_type": "expert_by_experience", "transcript": "interviews/INT09.txt"}]})


def test_expert_by_experience_is_an_informant_type():
    assert _informants().informants[1].organisation_type == "expert_by_experience"


@pytest.mark.parametrize("text,identifier", [
    ("Asiakas Onni kertoi asiasta.", "Onni"), ("Soitin Pylkkäselle eilen.", "Pylkkäselle"),
    ("Paikalla oli myös Pylkkänen itse.", "Pylkkänen"), ("Tapasin Ahmed Abdin kanssa.", "Abdin"),
    ("Mukana oli Olena Kovalenko tulkkina.", "Kovalenko"), ("Sitten Tuulikki soitti.", "Tuulikki"),
    ("Tunnus 131052-308t kirjoitettiin väärin.", "131052-308t"), ("Kirjoita onni.p(at)posti.fi nyt.", "posti.fi"),
    ("Tai aino [at] posti [dot] fi.", "[at]"), ("Perhe asuu Rauhankadulla.", "Rauhankadulla"),
    ("Postiosoite 70820 Kuopio.", "70820"), ("Hän asui Luhangassa.", "Luhangassa"),
    ("Tili FI21 1234 5600 0007 85.", "FI21"), ("Hän on s. 13.10.1952.", "1952"), ("Katso @ainolumikki88.", "lumikki"),
])
def test_identifiers_beyond_the_name_list(text, identifier):
    from review_tools._pseudonymise_tables import region_places

    p = Pseudonymiser(places=region_places(Path(__file__).resolve().parents[1] / "corpus"))
    assert identifier not in p.pseudonymise(text, document_id="SR-1").text


def test_places_are_never_first_names_and_others_never_get_an_informants_pseudonym():
    p = Pseudonymiser(informants=_informants(), places=["Kaarina", "Turku"], mask_terms=["Ohjaamo"])
    out = p.pseudonymise("Perhe muutti Kaarinaan ja Kaarinassa asuu Jari K. Ohjaamon lähellä.", document_id="SR-7").text
    assert "[PLACE1]" in out and out.count("[PLACE1]") == 2  # Kaarina the municipality, not a person
    assert "[H02]" not in out and "Jari" not in out  # "Jari K." is not the informant Jari Lehtovaara
    assert p.pseudonymise("Jari Lehtovaara kertoi.", document_id="SR-7").text == "[H02] kertoi."
    assert p.pseudonymise("Jari kertoi.", document_id="INT02").text == "[H02] kertoi."  # in his own interview
    assert p.pseudonymise("Jari kertoi.", document_id="INT05").text != "[H02] kertoi."


def test_one_person_one_pseudonym_per_source_unless_the_key_links_them(tmp_path):
    key = tmp_path / "keys" / "k.json"
    p = Pseudonymiser(key_path=key)
    a = p.pseudonymise("Sitten puhuin Ainon kanssa.", document_id="INT01").text
    a2 = p.pseudonymise("Aino soitti taas, ja Ainolle vastattiin.", document_id="INT01").text
    b = p.pseudonymise("Sitten puhuin Ainon kanssa.", document_id="INT05").text
    assert a != b and a.split()[2] in a2  # two Ainos in two files: two pseudonyms; one within a file
    p.save_key()
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    data = json.loads(key.read_text(encoding="utf-8"))
    data["entries"]["name"]["INT05|list:Aino"] = data["entries"]["name"]["INT01|list:Aino"]  # the team links them
    key.write_text(json.dumps(data), encoding="utf-8")
    assert Pseudonymiser(key_path=key).pseudonymise("Sitten puhuin Ainon kanssa.", document_id="INT05").text == a


def test_document_ids_are_pseudonymous_and_file_names_are_masked_in_messages():
    p = Pseudonymiser()
    ids = p.document_ids(["c/interviews/INT01.txt", "c/interviews/Aino_Lumikki_haastattelu.txt", "c/interviews/INT03.txt"])
    assert ids == {"c/interviews/Aino_Lumikki_haastattelu.txt": "INT02", "c/interviews/INT01.txt": "INT01",
                   "c/interviews/INT03.txt": "INT03"}
    msg = p.pseudonymise("c/interviews/Aino_Lumikki_haastattelu.txt, line 3: not UTF-8").text
    assert "Aino" not in msg and "INT02" in msg


def test_english_places_and_organisations_in_name_position_are_not_names_but_people_still_are():
    """A pair of capitalised words after "in", or a run of three or more after an article, names a place or an
    organisation; a plural acronym is no surname. People stay names: after a title, or named as an attribute."""
    kept = ("We met families in Nova Scotia last spring. Staff of the Wales Audit Office came too, "
            "and several Conservative MPs asked about it.")
    res = Pseudonymiser(use_default_names=False).pseudonymise(kept)
    assert res.text == kept and res.counts.get("name", 0) == 0
    people = ("I thank the Right Honourable Ada Lindqvist for her work. The Anneli Ruusu murder shocked us; "
              "we heard from Suzy Davies and Ahmed Abdi in Hamina.")
    res = Pseudonymiser(use_default_names=False).pseudonymise(people)
    for name in ("Ada", "Lindqvist", "Anneli", "Ruusu", "Suzy", "Davies", "Ahmed", "Abdi"):
        assert name not in res.text, (name, res.text)
