"""The result types of the literature readers: :class:`RecordFile` and :class:`Skip`."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["RecordFile", "Skip"]


@dataclass(frozen=True)
class Skip:
    """An entry of a file that could not be read.

    Attributes
    ----------
    position : int
        1-based position of the entry among the file's record markers.
    line : int
        1-based line where the entry starts.
    reason : str
        What is wrong with it.
    """

    position: int
    line: int
    reason: str


@dataclass
class RecordFile:
    """The raw content of one literature export.

    Attributes
    ----------
    path : str
        The file read.
    format : str
        One of :data:`FORMATS`.
    encoding : str
        The text encoding used (``"binary"`` for xlsx).
    records : list of dict
        One dict per record with keys ``position`` (1-based, counting every record marker),
        ``line`` (1-based first line) and ``fields`` (raw tag or column name -> str or list of str).
    skipped : list of Skip
        Entries that could not be read; ``len(records) + len(skipped) == markers``.
    markers : int
        Number of record markers counted independently of the parser.
    notes : list of str
        Things the researcher may want to know (e.g. truncated records that were kept).
    """

    path: str
    format: str
    encoding: str
    records: list[dict] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    markers: int = 0
    notes: list[str] = field(default_factory=list)
