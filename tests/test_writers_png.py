"""render_png draws a figure once when its content fits the canvas, and never cuts content off."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from review_tools import writers  # noqa: E402


def _count_draws(fig: Figure) -> list:
    calls = []
    original = fig.draw

    def counting(renderer):
        calls.append(renderer)
        return original(renderer)

    fig.draw = counting
    return calls


def test_figure_inside_canvas_is_drawn_once_and_cropped_like_savefig():
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [1, 3, 2])
    fig.subplots_adjust(left=0.2, bottom=0.2)
    reference = io.BytesIO()
    fig.savefig(reference, format="png", dpi=80, bbox_inches="tight")
    calls = _count_draws(fig)
    png = writers.render_png(fig, dpi=80)
    assert len(calls) == 1
    got, want = Image.open(io.BytesIO(png)).size, Image.open(reference).size
    assert abs(got[0] - want[0]) <= 3 and abs(got[1] - want[1]) <= 3
    assert got[0] < 4 * 80  # cropped to the content, not the whole canvas
    assert fig.dpi == Figure(figsize=(4, 3)).dpi  # the figure's own dpi is restored


def test_labels_beyond_the_canvas_are_kept():
    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.barh([0, 1], [1, 2])
    ax.set_yticks([0, 1], ["a very long indicator name that sticks out", "another long label, also outside"])
    fig.subplots_adjust(left=0.05)  # the labels lie left of the canvas
    png = writers.render_png(fig, dpi=50)
    assert Image.open(io.BytesIO(png)).size[0] > 3 * 50  # wider than the canvas: nothing was cut off
