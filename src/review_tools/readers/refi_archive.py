"""Reading a REFI-QDA ``.qdpx`` archive defensively: member paths, decompressed sizes, text encodings.

Nothing is extracted to disk: members are read into memory after their paths and declared sizes
have been checked, so a hostile archive can neither write outside a folder (zip-slip) nor make
review-tools decompress gigabytes. ``zipfile`` never returns more bytes than a member declares,
so checking the declared sizes bounds what is read.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path, PurePosixPath

from lxml import etree

from ..errors import CorpusFormatError

__all__ = ["DEFAULT_MAX_MEMBER_BYTES", "DEFAULT_MAX_TOTAL_BYTES", "Archive", "decode_text", "parse_xml", "write_archive"]

#: largest decompressed member read (a project.qde or one source text)
DEFAULT_MAX_MEMBER_BYTES = 200 * 2**20
#: largest total of the members read from one archive
DEFAULT_MAX_TOTAL_BYTES = 1 * 2**30

_BOMS = [  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
]


def _mib(n: int) -> str:
    return f"{n / 2**20:,.1f} MiB"


class Archive:
    """A ``.qdpx`` zip opened for reading, with every member path and size checked up front.

    Parameters
    ----------
    path : str or Path
    max_member_bytes, max_total_bytes : int
        Limits on one member's and on all members' declared decompressed sizes.
    what : str
        What the archive is, for messages (``a .qdpx``, ``an XLSX workbook``).

    Raises
    ------
    CorpusFormatError
        Not a zip; a member path that is absolute or climbs out (``..``); a member or the whole
        archive larger than the limits.
    """

    def __init__(self, path: str | Path, *, max_member_bytes: int = DEFAULT_MAX_MEMBER_BYTES,
                 max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES, what: str = "a .qdpx"):
        self.path = Path(path)
        self.max_member_bytes = int(max_member_bytes)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise CorpusFormatError(self.path, f"not {what} (zip) file ({exc})") from exc
        self._infos = {}
        total = 0
        try:
            for info in self._zip.infolist():
                name = info.filename
                parts = PurePosixPath(name.replace("\\", "/")).parts
                if name.startswith(("/", "\\")) or (parts and parts[0].endswith(":")) or ".." in parts:
                    raise CorpusFormatError(self.where(name), "unsafe member path (absolute or climbing out with '..'); "
                                            "the archive is refused")
                if info.is_dir():
                    continue
                total += info.file_size
                self._infos[name] = info
            if total > max_total_bytes:
                raise CorpusFormatError(self.path, f"members decompress to {_mib(total)}, over the limit of "
                                        f"{_mib(max_total_bytes)}; not read" + ("; raise the limit (--max-total-mib) if "
                                        "the archive is trusted" if what == "a .qdpx" else ""))
        except CorpusFormatError:
            self._zip.close()
            raise

    def where(self, member: str) -> str:
        """``archive!member``, for messages."""
        return f"{self.path}!{member}"

    @property
    def names(self) -> list[str]:
        """The file members (folders left out)."""
        return list(self._infos)

    def find(self, name: str) -> str | None:
        """The member called ``name``, compared without regard to case (``Sources/`` or ``sources/``)."""
        if name in self._infos:
            return name
        low = name.lower()
        return next((n for n in self._infos if n.lower() == low), None)

    def read(self, member: str, *, element: str | None = None) -> bytes:
        """Read one member after checking its declared size against the limit."""
        info = self._infos[member]
        if info.file_size > self.max_member_bytes:
            what = f" (for {element})" if element else ""
            raise CorpusFormatError(self.where(member), f"member{what} decompresses to {_mib(info.file_size)}, over "
                                    f"the limit of {_mib(self.max_member_bytes)}; not read. Raise the limit "
                                    "(--max-member-mib) if the archive is trusted")
        try:
            with self._zip.open(info) as fh:
                return fh.read(self.max_member_bytes + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise CorpusFormatError(self.where(member), f"damaged member ({exc})") from exc

    def close(self) -> None:
        self._zip.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def decode_text(data: bytes, where: str, element: str) -> tuple[str, str]:
    """Decode a source text, honouring a byte-order mark; return ``(text, encoding)``.

    The mark is not part of the text: REFI-QDA positions count the characters after it
    (QualCoder writes UTF-8 with a mark). Without a mark the text must be UTF-8.

    Raises
    ------
    CorpusFormatError
        Naming the member and the element when the bytes are not text in a Unicode encoding.
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), name
            except UnicodeDecodeError as exc:
                raise CorpusFormatError(where, f"{element}: starts with a {name} byte-order mark but is not valid "
                                        f"{name} ({exc.reason} at byte {exc.start + len(bom)})") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        raise CorpusFormatError(where, f"{element}: not UTF-8 text (byte 0x{data[exc.start]:02x} at byte {exc.start}); "
                                "REFI-QDA source texts are UTF-8, with or without a byte-order mark") from exc


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=True)


def parse_xml(data: bytes, where: str):
    """Parse XML without loading DTDs, resolving entities or touching the network."""
    try:
        return etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise CorpusFormatError(where, f"not valid XML ({exc.msg})", line=exc.lineno) from exc


def write_archive(path: str | Path, members: dict[str, bytes]) -> Path:
    """Write a deflated zip (a ``.qdpx``) holding ``members`` (name -> content) in that order; return the path."""
    path = Path(path)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path
