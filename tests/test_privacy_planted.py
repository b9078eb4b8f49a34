"""Planted identifiers: nothing from a personal-data source reaches outputs/ but pseudonyms and counts.

A copy of the demo corpus gets identifiers of many kinds planted in every personal-data input:
free text of every transcript (.txt, .vtt, .docx), speaker labels, a transcript's file name, the
informant metadata, cells of accepted social reports, cells of rejected social-report rows and
the export's file name. ``review-tools run`` then runs the whole pipeline on the copy, and every
file under the output folder (tables, manifests, stage pages, executed notebooks, report) is
searched for every planted identifier, also in JSON-escaped form. Expected: 0 found.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: (kind, text planted into free text, identifiers that must not appear in any output)
PLANTS = [
    ("ambiguous first name in name position", "Asiakas Onni kertoi asiasta.", ["Onni"]),
    ("-nen surname outside the name list, inflected", "Soitin Pylkkäselle eilen.", ["Pylkkäselle", "Pylkkä"]),
    ("-nen surname, nominative", "Paikalla oli myös Pylkkänen itse.", ["Pylkkänen"]),
    ("foreign full name", "Tapasin Ahmed Abdin kanssa.", ["Ahmed Abdin", "Abdin"]),
    ("foreign full name, Slavic", "Mukana oli myös Olena Kovalenko tulkkina.", ["Olena", "Kovalenko"]),
    ("common first name", "Sitten Tuulikki soitti minulle.", ["Tuulikki"]),
    ("surname after a cue word", "Naapuri Hirvikoski auttoi muutossa.", ["Hirvikoski"]),
    ("first name with an initial", "Asiakas Jari K. jäi ilman asuntoa.", ["Jari K."]),
    ("henkilötunnus", "Tunnus 131052-308T on lomakkeella.", ["131052-308T"]),
    ("henkilötunnus in lowercase", "Toinen tunnus 131052-308t kirjoitettiin väärin.", ["131052-308t"]),
    ("henkilötunnus of the 2000s", "Lapsen tunnus 010105A123X näkyi.", ["010105A123X"]),
    ("henkilötunnus with a wrong check character", "Tunnus 020202-202A oli väärin.", ["020202-202A"]),
    ("e-mail address", "Osoite aino.lumikki@example.fi toimii.", ["aino.lumikki@example.fi", "lumikki@"]),
    ("obfuscated e-mail (at)", "Kirjoita onni.p(at)posti.fi osoitteeseen.", ["onni.p(at)posti", "onni.p"]),
    ("obfuscated e-mail [at] [dot]", "Tai tuulikki [at] hirvikoski [dot] fi.", ["tuulikki [at]", "hirvikoski [dot]"]),
    ("mobile phone number", "Numero on 040 552 1987.", ["040 552 1987", "0405521987"]),
    ("international phone number", "Soita +358 50 765 4321 iltaisin.", ["+358 50 765 4321", "358507654321"]),
    ("landline number", "Toimisto (09) 310 1234.", ["(09) 310 1234", "093101234"]),
    ("street address with a number", "Hän asuu osoitteessa Puijonkatu 12 B 7.", ["Puijonkatu"]),
    ("street name in a Finnish case", "Perhe asuu Rauhankadulla nykyään.", ["Rauhankadulla"]),
    ("street name, allative", "Muutto Lehmustielle onnistui.", ["Lehmustielle"]),
    ("postcode and place", "Postiosoite 70820 Kuopio.", ["70820"]),
    ("municipality in the inessive", "Hän asui aiemmin Luhangassa.", ["Luhangassa"]),
    ("municipality that is also a first name", "Perhe muutti Kaarinaan viime vuonna.", ["Kaarinaan"]),
    ("IBAN account number", "Tili FI21 1234 5600 0007 85 on hänen.", ["FI21 1234", "FI2112345600000785"]),
    ("date of birth", "Hän on s. 13.10.1952 Oulussa.", ["13.10.1952"]),
    ("social-media handle", "Instagramissa @ainolumikki88 julkaisi.", ["ainolumikki88"]),
    ("social-media profile address", "Profiili facebook.com/aino.lumikki.77 on auki.", ["aino.lumikki.77"]),
    ("organisation from mask_terms", "Hän kävi Lumikkisäätiön ryhmässä.", ["Lumikkisäätiö"]),
    ("name from the review's names.txt", "Ohjaaja Vähäsarja sanoi niin.", ["Vähäsarja"]),
    ("informant's full name in another transcript", "Sari Kivelä oli mukana palaverissa.", ["Sari Kivelä", "Kivelä"]),
]
SPEAKER = ("speaker label that is a name", "Tuomas Vainikainen")
FILE_NAME = ("transcript file name", "Aino_Lumikki_haastattelu")
EXPORT_NAME = ("social-report export file name", "raportit_Onni_Pylkkanen")
REJECTED = ("rejected social-report row cells", ["Valtteri Lumikainen", "0409998877", "Kinnusmäki"])
ROLE = ("informant metadata free text", "sijaisena Tuulikki Hirvikoski")
KINDS = len(PLANTS) + 5

# every planted identifier, searched for in every output file
IDENTIFIERS = sorted({i for _, _, ids in PLANTS for i in ids} | {SPEAKER[1], "Vainikainen", FILE_NAME[1], "Lumikki_",
                     EXPORT_NAME[1], "Pylkkanen", *REJECTED[1]})


def _plant_text(k: int = 0) -> str:
    """All planted sentences (rotated by ``k`` so each file gets them in another order)."""
    sentences = [t for _, t, _ in PLANTS]
    return " ".join(sentences[k:] + sentences[:k])


def _plant_corpus(root: Path) -> None:
    corpus, review = root / "corpus", root / "review"
    (review / "mask_terms.txt").write_text("Lumikkisäätiö\n", encoding="utf-8")
    (review / "names.txt").write_text("Vähäsarja\n", encoding="utf-8")
    interviews = corpus / "interviews"
    for k, f in enumerate(sorted(interviews.iterdir())):
        if f.suffix == ".txt":
            f.write_text(f.read_text(encoding="utf-8") + f"\nV: {_plant_text(k)}\n{SPEAKER[1]}: {_plant_text(k + 1)}\n"
                         f"{SPEAKER[1]}: Kiitos.\n", encoding="utf-8")
        elif f.suffix == ".vtt":
            f.write_text(f.read_text(encoding="utf-8").rstrip() + "\n\n99:00:00.000 --> 99:00:05.000\n"
                         f"<v {SPEAKER[1]}>{_plant_text(k)}\n", encoding="utf-8")
        elif f.suffix == ".docx":
            import docx

            d = docx.Document(str(f))
            d.add_paragraph(f"{SPEAKER[1]}: {_plant_text(k)}")
            d.add_paragraph(f"{SPEAKER[1]}: Kiitos.")
            d.save(str(f))
    # a transcript whose file name is a person's name (metadata and codings follow the file)
    (interviews / "INT03.txt").rename(interviews / f"{FILE_NAME[1]}.txt")
    meta = review / "informants.yaml"
    text = meta.read_text(encoding="utf-8").replace("interviews/INT03.txt", f"interviews/{FILE_NAME[1]}.txt")
    text = re.sub(r"(role: [^\n]*)", lambda m: m.group(1) + f" ({ROLE[1]})", text, count=2)
    meta.write_text(text, encoding="utf-8")
    codings = corpus / "coding" / "human_codings.csv"
    codings.write_text(codings.read_text(encoding="utf-8").replace("INT03:", f"{FILE_NAME[1]}:"), encoding="utf-8")
    # social reports: identifiers in the free-text cells of accepted rows and in every cell of rejected rows
    export = corpus / "social_reports" / "social_reports.csv"
    rows = list(csv.DictReader(io.StringIO(export.read_text(encoding="utf-8"))))
    fields = list(rows[0])
    for k, row in enumerate(rows[:6]):
        for col in ("description", "causes", "proposed_action", "affected_group", "phenomenon_title", "service_area",
                    "consequences"):
            row[col] = f"{row[col]} {_plant_text(k + 3)}"
    name, phone, street = REJECTED[1]
    bad = dict(rows[0], report_id="SR-X-900", clients_seen=f"{name} {phone}", county_code=street,
               submitted_at=name, municipality_code=phone, language=name, welfare_codes=f"{name};X1")
    bad2 = dict(rows[1], report_id=rows[1]["report_id"], description=f"Kaksoisrivi: {name}, {phone}")  # duplicate id
    bad3 = dict(rows[2], report_id="SR-X-902", observation_type=street, trend=name, sectors_concerned=f"sote;{name}")
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=fields)
    w.writeheader()
    w.writerows([*rows, bad, bad2, bad3])
    export.unlink()
    (export.parent / f"{EXPORT_NAME[1]}.csv").write_text(out.getvalue(), encoding="utf-8")


def _found(out_dir: Path) -> dict[str, list[str]]:
    """Planted identifiers found in files under ``out_dir``: identifier -> files."""
    hits: dict[str, list[str]] = {}
    patterns = {i: re.compile(r"(?<![\w])" + re.escape(i) + r"(?![\w])" if i[-1].isalnum() and i[0].isalnum()
                              else re.escape(i)) for i in IDENTIFIERS}
    for f in sorted(out_dir.rglob("*")):
        if not f.is_file() or f.suffix.lower() in (".png",):
            continue
        raw = f.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        variants = [text, text.replace("\\n", "\n")]
        try:  # JSON (manifests, notebooks) may escape non-ASCII letters
            variants.append(json.dumps(json.loads(text), ensure_ascii=False))
        except ValueError:
            pass
        blob = "\n".join(variants)
        for ident, rx in patterns.items():
            if rx.search(blob):
                hits.setdefault(ident, []).append(str(f.relative_to(out_dir)))
    return hits


def test_plant_list_is_long_enough():
    assert KINDS >= 30
    assert len(IDENTIFIERS) >= 40


@pytest.mark.slow
def test_no_planted_identifier_reaches_outputs(tmp_path):
    for folder in ("corpus", "review", "notebooks"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("keys", "*.db*"))
    # a find must mean a leak: no planted identifier occurs in the corpus's other (non-personal) inputs
    other = {f: f.read_bytes().decode("utf-8", errors="replace") for f in (tmp_path / "corpus").rglob("*")
             if f.is_file() and not {"interviews", "social_reports"} & set(f.parts) and f.name != "SOURCES.md"}
    assert not [(i, f.name) for i in IDENTIFIERS for f, t in other.items() if re.search(rf"(?<!\w){re.escape(i)}(?!\w)", t)]
    _plant_corpus(tmp_path)
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    exe = Path(sys.executable).with_name("review-tools")
    proc = subprocess.run([str(exe), "run", "--name", "planted", "--no-progress"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=1500)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = tmp_path / "outputs"
    files = [f for f in out.rglob("*") if f.is_file()]
    assert len(files) > 50 and any(f.suffix == ".ipynb" for f in files)
    hits = _found(out)
    # the key (personal data) lives in the review folder, readable by its owner only
    key = tmp_path / "review" / "keys" / "pseudonyms.json"
    assert key.exists() and oct(key.stat().st_mode & 0o777) == "0o600"
    print(f"planted {len(IDENTIFIERS)} identifiers of {KINDS} kinds; scanned {len(files)} files; found {len(hits)}")
    assert hits == {}
