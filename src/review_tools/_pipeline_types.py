"""The types of the stage catalogue: :class:`Artefact` and :class:`Stage` (the catalogue itself is
:data:`review_tools.pipeline.STAGES`), and the small builders ``_t`` and ``_figure`` it is written with."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ReviewToolsError, StageInputError

__all__ = ["Artefact", "Stage"]


@dataclass(frozen=True)
class Artefact:
    """A file one stage writes for later stages (and the report) to read.

    Attributes
    ----------
    stage : str
        Id of the stage that writes it.
    name : str
        File name inside ``RUN/artefacts/<stage folder>/``.
    columns : tuple of str
        For a CSV table: its columns, in order. Empty for other files.
    required : bool
        False when the stage writes it only in some runs (e.g. a figure drawn only when there is data).
    open_columns : bool
        True when the table has further columns that depend on the data (e.g. one per informant
        group); ``columns`` then lists those always present.
    description : str
        What it holds (one line, for the documentation).
    """

    stage: str
    name: str
    columns: tuple[str, ...] = ()
    required: bool = True
    open_columns: bool = False
    description: str = ""

    @property
    def key(self) -> str:
        """``"<stage>/<name>"``."""
        return f"{self.stage}/{self.name}"

    @property
    def is_table(self) -> bool:
        return self.name.endswith(".csv")

    def check_columns(self, columns, where: str) -> None:
        """Raise :class:`StageInputError` when ``columns`` do not fit this artefact's declared columns."""
        if not self.is_table:
            return
        cols = [str(c) for c in columns]
        missing = [c for c in self.columns if c not in cols]
        extra = [] if self.open_columns else [c for c in cols if c not in self.columns]
        if missing or extra:
            what = ([f"missing column(s) {', '.join(missing)}"] if missing else []) + (
                [f"undeclared column(s) {', '.join(extra)}"] if extra else [])
            raise StageInputError(f"{where}: {'; '.join(what)}; {self.key} has the columns {', '.join(self.columns)}"
                                  f"{' (and more)' if self.open_columns else ''} (review_tools.pipeline.STAGES)")


def _t(stage_id, name, columns="", *, required=True, open_columns=False, description=""):
    return Artefact(stage_id, name, tuple(columns.split()) if isinstance(columns, str) else tuple(columns),
                    required, open_columns, description)


def _figure(stage_id, name, formats=("png", "svg"), *, required=True, description=""):
    return tuple(Artefact(stage_id, f"{name}.{f}", (), required, False, description) for f in formats)


@dataclass(frozen=True)
class Stage:
    """One stage of a run: a notebook and the module behind it.

    Attributes
    ----------
    id : str
        ``NN-name``; the notebook is ``notebooks/<id>.ipynb`` and the module ``review_tools.stages.<name>``.
    notebook : str
        File name of the notebook.
    region_dependent : bool
        False when the stage gives the same result for every region (a batch runs it once).
    reads : tuple of str
        Keys (``"<stage>/<name>"``) of the artefacts of earlier stages it reads.
    writes : tuple of Artefact
        What it writes.
    folder : str
        Its folder under ``RUN/artefacts/`` (the id, except for the report stage).
    """

    id: str
    notebook: str
    region_dependent: bool
    reads: tuple[str, ...]
    writes: tuple[Artefact, ...]
    folder: str = ""

    @property
    def artefact_dir(self) -> str:
        return self.folder or self.id

    @property
    def module(self) -> str:
        """Dotted name of the stage module."""
        return "review_tools.stages." + self.id.split("-", 1)[1].replace("-", "_")

    def writes_file(self, name: str) -> Artefact:
        if (found := next((a for a in self.writes if a.name == name), None)) is not None:
            return found
        raise ReviewToolsError(f"stage {self.id} does not declare the artefact '{name}'; it writes "
                               f"{', '.join(a.name for a in self.writes)} (review_tools.pipeline.STAGES)")
