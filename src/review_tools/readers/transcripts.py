"""Read interview transcripts into speaker-turn segments.

Supported formats
-----------------
``.txt``
    One speaker turn starts with a label at the start of a line: ``H:``/``V:``, ``I:``/``R:``,
    ``Haastattelija:``, ``Interviewer:``, a name (``Mikko Virtanen:``), optionally preceded by a
    timestamp (``[00:12:03] Name: ...``). Lines without a label continue the current turn.
``.docx``
    The paragraphs of a Word document, read with python-docx, then parsed like ``.txt``.
``.vtt``
    WebVTT from Microsoft Teams (``<v Name>`` voice tags) or Zoom (``Name: text`` cues), read with
    webvtt-py. Consecutive cues by the same speaker form one turn.
``.srt``
    SubRip subtitles (speaker as ``Name: text`` when present).

Every reader returns a DataFrame with the columns of :data:`SEGMENT_COLUMNS`:
``document_id`` is the file stem, ``segment_id`` is ``<document_id>:<turn number, 1-based>``
(text before the first speaker label, such as a title, is turn 0; lines starting with ``#`` are
comments and never become turns),
``start``/``end`` are seconds (NaN where unknown), and ``char_start``/``char_end`` locate the
turn's text in the document's plain text, which is the turns' texts joined by newlines (see
:func:`document_text`). ``line`` is the line (or cue) where the turn starts, for messages.
"""

from __future__ import annotations

import logging
import re
import warnings
import zipfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CorpusFormatError, ReviewToolsWarning
from ._encoding import decode_bytes
from .limits import check_records, check_zip, limits

__all__ = [
    "SEGMENT_COLUMNS",
    "TRANSCRIPT_SUFFIXES",
    "INTERVIEWER_LABELS",
    "read_transcript",
    "read_transcripts",
    "transcript_files",
    "parse_turns",
    "assign_offsets",
    "document_text",
    "attach_informants",
]

log = logging.getLogger(__name__)

SEGMENT_COLUMNS = [
    "document_id",
    "segment_id",
    "speaker",
    "start",
    "end",
    "char_start",
    "char_end",
    "text",
    "line",
]
TRANSCRIPT_SUFFIXES = (".txt", ".docx", ".vtt", ".srt")

#: Speaker labels that denote the interviewer (compared case-insensitively, without digits).
INTERVIEWER_LABELS = frozenset(
    {"h", "i", "q", "haastattelija", "interviewer", "intervjuare", "moderator", "moderaattori",
     "fasilitaattori", "facilitator", "tutkija", "researcher", "forskare"}
)
#: Speaker labels that denote an interviewee without naming them.
ROLE_LABELS = frozenset(
    {"v", "r", "a", "vastaaja", "haastateltava", "respondent", "interviewee", "informant",
     "informantti", "svarande", "deltagare", "osallistuja", "participant"}
)

_KNOWN = INTERVIEWER_LABELS | ROLE_LABELS
_TS = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_TURN = re.compile(
    r"^\s*(?:[\[(]?(?P<ts>" + _TS + r")[\])]?\s*[-–]?\s*)?"
    r"(?P<label>[A-ZÅÄÖ][A-Za-zÅÄÖåäöéü'’.\-]*(?:\s[A-ZÅÄÖ][A-Za-zÅÄÖåäöéü'’.\-]*){0,3}\s?\d{0,2})"
    r"\s*:\s*(?P<text>.*)$"
)
_TS_ONLY = re.compile(r"^\s*[\[(]?(?P<ts>" + _TS + r")[\])]?\s*$")
_VTT_TIMING = re.compile(
    r"^\s*(?P<a>\S+)\s+-->\s+(?P<b>\S+)(?:\s+.*)?$"
)
_VTT_TS = re.compile(r"^(?:\d{1,2}:)?\d{1,2}:\d{1,2}[.]\d{1,3}$")
_SRT_TS = re.compile(r"^\d{1,2}:\d{1,2}:\d{1,2},\d{1,3}$")
_ZOOM_SPEAKER = re.compile(r"^(?P<label>[^:<>\n]{1,60}?):\s+(?P<text>.+)$", re.S)


def _seconds(ts: str | None) -> float:
    """Convert ``[HH:]MM:SS[.mmm]`` to seconds; NaN for None."""
    if not ts:
        return float("nan")
    parts = ts.replace(",", ".").split(":")
    value = 0.0
    for part in parts:
        value = value * 60 + float(part)
    return value


def _is_label(label: str) -> bool:
    """Whether a ``Word:`` prefix is a plausible speaker label (not e.g. a clock time)."""
    words = label.split()
    if not words or len(words) > 4:
        return False
    return True


def parse_turns(lines: Iterable[str]) -> list[dict]:
    """Split transcript lines into speaker turns.

    A ``Label:`` prefix starts a turn when it carries a timestamp, is a known role label
    (``H``, ``V``, ``Haastattelija``, ...) or occurs at least twice in the transcript; a
    one-off ``Esimerkiksi:`` inside an answer therefore stays part of the answer.

    Parameters
    ----------
    lines : iterable of str
        The transcript's lines (or DOCX paragraphs), without line ends.

    Returns
    -------
    list of dict
        One dict per turn with ``speaker``, ``start`` (seconds or NaN), ``text`` and ``line``
        (1-based line where the turn starts). Lines before the first label form a turn with an
        empty speaker, so no text is lost (numbered 0 by the readers). Lines starting with ``#``
        are comments and skipped.
    """
    lines = [raw.rstrip("\r\n").replace("\ufeff", "") for raw in lines]
    # lines starting with '#' are comments (e.g. a label line saying the transcript is synthetic)
    lines = ["" if ln.lstrip().startswith("#") else ln for ln in lines]
    counts: dict[str, int] = {}
    for line in lines:
        m = _TURN.match(line)
        if m:
            counts[m.group("label").strip()] = counts.get(m.group("label").strip(), 0) + 1

    def is_turn(m) -> bool:
        label = m.group("label").strip()
        if not _is_label(label):
            return False
        return bool(m.group("ts")) or _norm_label(label) in _KNOWN or counts.get(label, 0) >= 2

    turns: list[dict] = []
    pending_ts: str | None = None
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        m_ts = _TS_ONLY.match(line)
        if m_ts:  # a timestamp on its own line applies to the next turn
            pending_ts = m_ts.group("ts")
            continue
        m = _TURN.match(line)
        if m and is_turn(m):
            ts = m.group("ts") or pending_ts
            pending_ts = None
            turns.append(
                {"speaker": m.group("label").strip(), "start": _seconds(ts), "text": m.group("text").strip(), "line": lineno}
            )
        elif turns:
            sep = " " if turns[-1]["text"] else ""
            turns[-1]["text"] += sep + line.strip()
        else:
            turns.append({"speaker": "", "start": _seconds(pending_ts), "text": line.strip(), "line": lineno})
            pending_ts = None
    return turns


def assign_offsets(segments: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``segments`` with ``char_start``/``char_end`` recomputed.

    Offsets index the document's plain text as built by :func:`document_text` (turn texts
    joined by ``"\\n"``, in segment order), so they stay valid after pseudonymisation changes
    the texts' lengths.
    """
    out = segments.copy()
    starts = np.zeros(len(out), dtype=np.int64)
    ends = np.zeros(len(out), dtype=np.int64)
    lengths = out["text"].astype(str).str.len().to_numpy()
    docs = out["document_id"].astype(str).to_numpy()
    pos = 0
    prev = None
    for i in range(len(out)):
        if docs[i] != prev:
            pos, prev = 0, docs[i]
        starts[i] = pos
        ends[i] = pos + lengths[i]
        pos = ends[i] + 1
    out["char_start"] = starts
    out["char_end"] = ends
    return out


def document_text(segments: pd.DataFrame, document_id: str) -> str:
    """Return the plain text of one document: its segments' texts joined by newlines."""
    rows = segments[segments["document_id"].astype(str) == str(document_id)]
    return "\n".join(rows["text"].astype(str))


def _frame(document_id: str, turns: list[dict], path: Path) -> pd.DataFrame:
    rows = []
    # text before the first speaker label (a title, a date) is turn 0, so speaker turns keep 1-based numbers
    first = 0 if turns and not turns[0]["speaker"] and any(t["speaker"] for t in turns[1:]) else 1
    for i, t in enumerate(turns, start=first):
        rows.append(
            {
                "document_id": document_id,
                "segment_id": f"{document_id}:{i}",
                "speaker": t["speaker"],
                "start": t.get("start", float("nan")),
                "end": t.get("end", float("nan")),
                "char_start": 0,
                "char_end": 0,
                "text": t["text"],
                "line": t["line"],
            }
        )
    df = pd.DataFrame(rows, columns=SEGMENT_COLUMNS)
    if len(df):
        starts = df["start"].to_numpy(dtype=float)
        ends = df["end"].to_numpy(dtype=float)
        # where only start times are known, a turn ends where the next one starts
        nxt = np.append(starts[1:], np.nan)
        df["end"] = np.where(np.isnan(ends), nxt, ends)
        df["start"] = starts
    return assign_offsets(df)


_ENCODING_NAMES = {"cp1252": "Windows-1252 (cp1252)", "latin-1": "Latin-1 (ISO-8859-1)"}


def _decode(path: Path, data: bytes, label: str) -> str:
    text, encoding = decode_bytes(data, label)
    if encoding not in ("utf-8-sig", "utf-8"):
        warnings.warn(
            f"{label}: not UTF-8; read as {_ENCODING_NAMES.get(encoding, encoding)}. Save transcripts as UTF-8 to be sure.",
            ReviewToolsWarning,
            stacklevel=3,
        )
    return text


def _read_bytes(path: Path, label: str) -> bytes:
    size = path.stat().st_size
    if size > limits().max_unzipped_bytes:
        raise CorpusFormatError(label, f"is {size / 1024 / 1024:,.0f} MB; larger than the size limit for a transcript")
    return path.read_bytes()


def _read_txt(path: Path, label: str) -> list[dict]:
    text = _decode(path, _read_bytes(path, label), label)
    return parse_turns(text.splitlines())


def _read_docx(path: Path, label: str) -> list[dict]:
    check_zip(path, label, "Word (.docx)")  # member sizes checked before python-docx decompresses anything
    try:
        import docx  # python-docx

        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CorpusFormatError(label, f"not a readable Word (.docx) file ({type(exc).__name__})") from exc
    except Exception as exc:  # python-docx raises its own PackageNotFoundError and lxml errors
        raise CorpusFormatError(label, f"not a readable Word (.docx) file ({type(exc).__name__})") from exc
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:  # some transcription services put turns in a two-column table
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            if len(cells) >= 2 and cells[0] and not cells[0].endswith(":"):
                paragraphs.append(f"{cells[0]}: {' '.join(cells[1:])}")
            else:
                paragraphs.append(" ".join(cells))
    return parse_turns(paragraphs)


def _check_timings(label: str, text: str, pattern: re.Pattern) -> None:
    """Raise CorpusFormatError naming the line of the first malformed cue timing (never its text:
    a transcript line is personal data)."""
    for lineno, line in enumerate(text.splitlines(), start=1):
        if "-->" not in line:
            continue
        m = _VTT_TIMING.match(line)
        if not m or not pattern.match(m.group("a")) or not pattern.match(m.group("b")):
            raise CorpusFormatError(label, "broken cue timing (expected 'HH:MM:SS.mmm --> HH:MM:SS.mmm')", line=lineno)
        if _seconds(m.group("a")) > _seconds(m.group("b")):
            raise CorpusFormatError(label, "cue ends before it starts", line=lineno)


def _cue_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines(), start=1) if "-->" in line]


def _captions_to_turns(captions, cue_lines: list[int]) -> list[dict]:
    turns: list[dict] = []
    for k, cap in enumerate(captions):
        body = " ".join(cap.text.split())
        speaker = cap.voice or ""
        if not speaker:
            m = _ZOOM_SPEAKER.match(body)
            if m and _is_label(m.group("label")):
                speaker, body = m.group("label").strip(), m.group("text").strip()
        if not body:
            continue
        line = cue_lines[k] if k < len(cue_lines) else 0
        if turns and turns[-1]["speaker"] == speaker and speaker:
            turns[-1]["text"] += " " + body
            turns[-1]["end"] = cap.end_in_seconds + _frac(cap.end)
        else:
            turns.append(
                {"speaker": speaker, "start": cap.start_in_seconds + _frac(cap.start),
                 "end": cap.end_in_seconds + _frac(cap.end), "text": body, "line": line}
            )
    return turns


def _frac(ts: str) -> float:
    """Milliseconds part of a timestamp (webvtt-py's *_in_seconds are whole seconds)."""
    m = re.search(r"[.,](\d{1,3})$", ts)
    return int(m.group(1).ljust(3, "0")) / 1000 if m else 0.0


def _read_vtt(path: Path, label: str) -> list[dict]:
    import webvtt

    text = _decode(path, _read_bytes(path, label), label)
    if not text.lstrip("\ufeff").lstrip().startswith("WEBVTT"):
        raise CorpusFormatError(label, "not a WebVTT file (the first line must be 'WEBVTT')", line=1)
    _check_timings(label, text, _VTT_TS)
    try:
        vtt = webvtt.from_string(text.lstrip("\ufeff"))
    except Exception as exc:  # webvtt-py's MalformedFileError and friends
        raise CorpusFormatError(label, f"malformed WebVTT ({type(exc).__name__})") from exc
    return _captions_to_turns(vtt.captions, _cue_lines(text))


def _read_srt(path: Path, label: str) -> list[dict]:
    import webvtt

    text = _decode(path, _read_bytes(path, label), label)
    _check_timings(label, text, _SRT_TS)
    if not _cue_lines(text):
        raise CorpusFormatError(label, "no subtitle cues ('00:00:01,000 --> 00:00:02,000') found")
    try:
        from io import StringIO

        vtt = webvtt.from_buffer(StringIO(text.lstrip("\ufeff")), format="srt")
    except Exception as exc:
        raise CorpusFormatError(label, f"malformed SRT ({type(exc).__name__})") from exc
    return _captions_to_turns(vtt.captions, _cue_lines(text))


_READERS = {".txt": _read_txt, ".docx": _read_docx, ".vtt": _read_vtt, ".srt": _read_srt}


def read_transcript(path: str | Path, *, document_id: str | None = None) -> pd.DataFrame:
    """Read one transcript file into segments.

    Parameters
    ----------
    path : str or Path
        A ``.txt``, ``.docx``, ``.vtt`` or ``.srt`` file.
    document_id : str, optional
        Defaults to the file stem. When given, messages name the document by it, never by the
        file's path (a file name may identify a person).

    Returns
    -------
    DataFrame
        Columns :data:`SEGMENT_COLUMNS`, one row per speaker turn.

    Raises
    ------
    CorpusFormatError
        For an unknown suffix, an unreadable file, broken cue timings (naming the line) or a
        transcript without any text.
    """
    path = Path(path)
    label = document_id or str(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise CorpusFormatError(
            label, f"unsupported transcript format '{path.suffix}'; use one of {', '.join(TRANSCRIPT_SUFFIXES)}"
        )
    if not path.is_file():
        raise CorpusFormatError(label, "file not found")
    turns = reader(path, label)
    turns = [t for t in turns if t["text"]]
    if not turns:
        raise CorpusFormatError(label, "the transcript has no text")
    check_records(len(turns), label, "speaker turns")
    return _frame(document_id or path.stem, turns, path)


def transcript_files(paths: Iterable[str | Path] | str | Path) -> list[Path]:
    """The transcript files named by ``paths`` (files, and folders searched recursively)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in TRANSCRIPT_SUFFIXES and f.is_file()))
        else:
            files.append(p)
    return files


def read_transcripts(
    paths: Iterable[str | Path] | str | Path, *, on_error: str = "warn", document_ids: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Read many transcripts; a folder is searched recursively for supported files.

    Parameters
    ----------
    paths : path or iterable of paths
        Files and/or folders.
    on_error : {"warn", "raise"}
        With "warn" an unreadable file is skipped with a :class:`ReviewToolsWarning` and counted.
    document_ids : dict, optional
        ``{str(path): document id}`` (from
        :meth:`~review_tools.pseudonymise.Pseudonymiser.document_ids`): the pseudonymous id of each
        file, used as ``document_id`` and in every message instead of the file's path. Without
        it the id is the file stem and messages name the path.

    Returns
    -------
    segments : DataFrame
        All turns of all readable transcripts (:data:`SEGMENT_COLUMNS` plus ``source_file``).
    summary : dict
        ``{"files": n_found, "read": n_read, "failed": [{"file": ..., "error": ...}], "segments": n}``;
        ``file`` is the document id when ``document_ids`` is given.
    """
    files = transcript_files(paths)
    frames, failed = [], []
    seen: dict[str, str] = {}
    for f in files:
        doc = (document_ids or {}).get(str(f)) or f.stem
        label = doc if document_ids else str(f)
        try:
            if doc in seen:
                raise CorpusFormatError(label, f"document id '{doc}' already used by {seen[doc]}; rename one file")
            df = read_transcript(f, document_id=doc if document_ids else None)
        except CorpusFormatError as exc:
            if on_error == "raise":
                raise
            warnings.warn(f"skipped transcript: {exc}", ReviewToolsWarning, stacklevel=2)
            failed.append({"file": label, "error": str(exc)})
            continue
        seen[doc] = label
        df["source_file"] = str(f)
        frames.append(df)
    cols = [*SEGMENT_COLUMNS, "source_file"]
    segments = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    summary = {"files": len(files), "read": len(frames), "failed": failed, "segments": len(segments)}
    log.info("read %d of %d transcripts (%d segments)", len(frames), len(files), len(segments))
    return segments, summary


def _norm_label(label: str) -> str:
    return re.sub(r"\s*\d+$", "", str(label)).strip().casefold()


from .informants import attach_informants  # noqa: E402  (re-exported)
