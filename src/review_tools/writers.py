"""Write run artefacts: tables, JSON and figures under ``RUN/artefacts/<stage>/``.

The only module that writes artefacts, so every stage writes the same way (UTF-8 CSV with a
header, JSON with sorted keys, figures as PNG and SVG).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


def stage_dir(run_dir: str | Path, stage: str) -> Path:
    """Return (and create) the artefact folder of ``stage`` in ``run_dir``."""
    path = Path(run_dir) / "artefacts" / stage
    path.mkdir(parents=True, exist_ok=True)
    return path


def artefact_path(run_dir: str | Path, stage: str, name: str) -> Path:
    """Return the path of artefact ``name`` of ``stage`` (without creating it)."""
    return Path(run_dir) / "artefacts" / stage / name


def write_table(df: pd.DataFrame, run_dir: str | Path, stage: str, name: str) -> Path:
    """Write ``df`` as UTF-8 CSV to ``RUN/artefacts/<stage>/<name>`` and return the path."""
    path = stage_dir(run_dir, stage) / name
    df.to_csv(path, index=False, encoding="utf-8")
    return path


def write_text(text: str, run_dir: str | Path, stage: str, name: str) -> Path:
    """Write ``text`` (UTF-8) to ``RUN/artefacts/<stage>/<name>``, e.g. a RIS export."""
    path = stage_dir(run_dir, stage) / name
    path.write_text(text, encoding="utf-8")
    return path


def read_table(run_dir: str | Path, stage: str, name: str, **kwargs) -> pd.DataFrame:
    """Read an artefact table written by an earlier stage.

    Raises
    ------
    FileNotFoundError
        With a message naming the stage that should have written it.
    """
    path = artefact_path(run_dir, stage, name)
    if not path.exists():
        raise FileNotFoundError(
            f"{path}: artefact missing; run the notebook of stage '{stage}' first (review-tools run does it in order)"
        )
    return pd.read_csv(path, keep_default_na=False, na_values=[""], **kwargs)


def write_json(obj, run_dir: str | Path, stage: str, name: str) -> Path:
    """Write ``obj`` as indented JSON to ``RUN/artefacts/<stage>/<name>``."""
    path = stage_dir(run_dir, stage) / name
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=True, default=str), encoding="utf-8")
    return path


def read_json(run_dir: str | Path, stage: str, name: str):
    """Read a JSON artefact written by an earlier stage."""
    path = artefact_path(run_dir, stage, name)
    if not path.exists():
        raise FileNotFoundError(f"{path}: artefact missing; run the notebook of stage '{stage}' first")
    return json.loads(path.read_text(encoding="utf-8"))


def write_figure(fig, run_dir: str | Path, stage: str, name: str, formats=("png", "svg")) -> list[Path]:
    """Save a matplotlib figure as ``<name>.png`` and ``<name>.svg`` and return the paths."""
    out = []
    for fmt in formats:
        path = stage_dir(run_dir, stage) / f"{name}.{fmt}"
        fig.savefig(path, format=fmt, bbox_inches="tight", dpi=110 if fmt == "png" else None)
        out.append(path)
    return out


def render_png(fig, dpi: int = 110, pad_inches: float = 0.1) -> bytes:
    """Draw ``fig`` once and return it as PNG bytes cropped to its tight bounding box.

    ``fig.savefig(..., bbox_inches="tight")`` draws a figure twice (a dry run to measure it, then the
    real one); this draws it once with the Agg renderer, measures the tight box with the same
    renderer and crops the pixels. When the tight box reaches beyond the canvas (e.g. long tick
    labels left of the axes), cropping would cut them off, so the figure is then saved the usual
    way (drawn a second time), exactly as savefig would.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (not changed, except that it is drawn at ``dpi``).
    dpi : int
        Resolution of the PNG.
    pad_inches : float
        Margin kept around the tight box, as savefig's ``pad_inches``.

    Returns
    -------
    bytes
        The PNG file's content.
    """
    import io

    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    original_dpi = fig.dpi
    fig.set_dpi(dpi)
    try:
        canvas.draw()
        renderer = canvas.get_renderer()
        tight = fig.get_tightbbox(renderer)
        pixels = np.asarray(canvas.buffer_rgba())
    finally:
        fig.set_dpi(original_dpi)
    height, width = pixels.shape[:2]
    buf = io.BytesIO()
    inch = 1 / dpi  # one pixel of rounding is not content outside the canvas
    if tight.x0 < -inch or tight.y0 < -inch or tight.x1 * dpi > width + 1 or tight.y1 * dpi > height + 1:
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", pad_inches=pad_inches)
        return buf.getvalue()
    box = tight.padded(pad_inches)
    x0, x1 = max(0, int(np.floor(box.x0 * dpi))), min(width, int(np.ceil(box.x1 * dpi)))
    y0, y1 = max(0, int(np.floor(height - box.y1 * dpi))), min(height, int(np.ceil(height - box.y0 * dpi)))
    Image.fromarray(np.ascontiguousarray(pixels[y0:y1, x0:x1])).save(buf, format="png", dpi=(dpi, dpi))
    return buf.getvalue()


def write_png(fig, run_dir: str | Path, stage: str, name: str, dpi: int = 110) -> tuple[Path, bytes]:
    """Draw ``fig`` once (:func:`render_png`), write ``<name>.png`` and return its path and bytes."""
    content = render_png(fig, dpi=dpi)
    path = stage_dir(run_dir, stage) / f"{name}.png"
    path.write_bytes(content)
    return path, content


def read_bytes(run_dir: str | Path, stage: str, name: str) -> bytes:
    """Read a binary artefact (e.g. a PNG or SVG figure) written by an earlier stage."""
    path = artefact_path(run_dir, stage, name)
    if not path.exists():
        raise FileNotFoundError(f"{path}: artefact missing; run the notebook of stage '{stage}' first")
    return path.read_bytes()


def read_run_json(run_dir: str | Path, name: str = "manifest.json"):
    """Read a JSON file at the top of a run folder (e.g. an earlier run's ``manifest.json``)."""
    path = Path(run_dir) / name
    if not path.exists():
        raise FileNotFoundError(f"{path}: not found in the run folder")
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class SavedFigure:
    """A figure written to a run's artefacts; a notebook shows its PNG bytes (never redrawn).

    Attributes
    ----------
    name : str
        The figure's name (the file stem).
    paths : tuple of Path
        The files written (PNG first).
    alt : str
        Alternative text of the image on the stage's page.
    png_bytes : bytes
        The PNG written (shown by the notebook).
    """

    name: str
    paths: tuple[Path, ...]
    alt: str = ""
    png_bytes: bytes = field(default=b"", repr=False)

    @property
    def png(self) -> Path:
        """The PNG file."""
        return next(p for p in self.paths if p.suffix == ".png")

    def _repr_mimebundle_(self, include=None, exclude=None):
        import base64

        content = self.png_bytes or self.png.read_bytes()
        data = {"image/png": base64.b64encode(content).decode("ascii"), "text/plain": repr(self)}
        return data, {"image/png": {"alt": self.alt or self.name.replace("_", " ")}}

    def __repr__(self) -> str:
        return f"<figure {self.name}: {', '.join(p.name for p in self.paths)}>"


def save_figures(figs: dict, run_dir, stage: str, formats=("png",), alt: dict | None = None) -> dict[str, SavedFigure]:
    """Write every figure of ``figs`` once and close it.

    The PNG is drawn once (:func:`render_png`) and kept in memory, so the
    notebook displays the same bytes without drawing the figure again.

    Parameters
    ----------
    figs : dict
        ``{name: matplotlib Figure}``; None values are skipped.
    run_dir : path-like
        The run folder.
    stage : str
        The stage folder under ``RUN/artefacts``.
    formats : tuple of str
        File formats; PNG is always written (the notebook shows it). Every other format is a
        further drawing, so ask for it only for figures another stage embeds.
    alt : dict, optional
        ``{name: alternative text}`` for the stage's page (default: the name).

    Returns
    -------
    dict
        ``{name: SavedFigure}``.
    """
    import matplotlib.pyplot as plt

    others = tuple(f for f in formats if f != "png")
    alt = alt or {}
    out = {}
    for name, fig in figs.items():
        if fig is None:
            continue
        png, content = write_png(fig, run_dir, stage, name)
        extra = write_figure(fig, run_dir, stage, name, formats=others) if others else []
        out[name] = SavedFigure(name, (png, *extra), alt.get(name, ""), content)
        plt.close(fig)
    return out
