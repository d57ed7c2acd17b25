"""Bar charts drawn on the server as SVG, for the performance indicators (ADR 30).

This module only does the arithmetic of the drawing (where each bar, tick and label goes); the
template `timescales/includes/bar_chart.html` writes the SVG, so every name in a chart is escaped
like any other text on the page. A chart is an image with a title and a description (`role="img"`)
and is always shown beside the table of its numbers, which is what a screen reader reads.
"""

from dataclasses import dataclass, field

WIDTH = 480
COLUMN_HEIGHT = 300
ROW_HEIGHT = 28
# Room for the value axis labels (left) and the category labels (below, or left for rows).
COLUMN_MARGIN = {"top": 16, "right": 8, "bottom": 44, "left": 40}
ROW_MARGIN = {"top": 8, "right": 48, "bottom": 28, "left": 168}


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: nothing to measure (no conferences that month), drawn as no bar
    text: str  # the value as the table shows it ("83%", "12")
    sublabel: str = ""  # a second line under a column's label (the year under January)


@dataclass(frozen=True)
class Reference:
    """A line across the chart at a value someone compares against (the national figure)."""

    value: float
    label: str


@dataclass
class Chart:
    """The geometry of one bar chart, ready for the template."""

    id: str
    title: str
    description: str
    orientation: str  # "columns" (months along the bottom) or "rows" (categories down the side)
    width: int
    height: int
    plot: dict
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    reference: dict | None = None


def _shorten(label: str, limit: int = 26) -> str:
    """Long names are cut in the picture only; the table beside it has them in full."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _nice_maximum(value: float) -> float:
    """The smallest of 1, 2, 5, 10, 20, 50... at or above the value, so ticks are round numbers."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for multiple in (1, 2, 5):
            if step * multiple >= value:
                return step * multiple
        step *= 10


def _ticks(maximum: float, percent: bool) -> list[float]:
    if percent:
        return [0, 25, 50, 75, 100]
    if maximum <= 5:
        return list(range(0, int(maximum) + 1))
    return [maximum * i / 5 for i in range(6)]


def _tick_text(value: float, percent: bool) -> str:
    text = f"{value:g}"
    return f"{text}%" if percent else text


def bar_chart(
    *,
    id: str,
    title: str,
    description: str,
    bars: list[Bar],
    percent: bool = False,
    orientation: str = "columns",
    reference: Reference | None = None,
) -> Chart:
    """Lay out a bar chart: percentages on a 0-100 scale, counts on a scale rounded up."""
    values = [bar.value for bar in bars if bar.value is not None]
    maximum = 100.0 if percent else float(_nice_maximum(max(values, default=0)))
    ticks = _ticks(maximum, percent)
    if orientation == "rows":
        return _rows(id, title, description, bars, maximum, ticks, percent, reference)
    return _columns(id, title, description, bars, maximum, ticks, percent, reference)


def _columns(id, title, description, bars, maximum, ticks, percent, reference) -> Chart:
    margin = COLUMN_MARGIN
    plot_width = WIDTH - margin["left"] - margin["right"]
    plot_height = COLUMN_HEIGHT - margin["top"] - margin["bottom"]
    bottom = margin["top"] + plot_height
    slot = plot_width / max(len(bars), 1)
    bar_width = slot * 0.7
    # Label every month up to 12 bars; beyond that every second, third... so labels never overlap.
    label_every = max(1, -(-len(bars) // 12))

    def y_of(value: float) -> float:
        return bottom - plot_height * value / maximum

    drawn = []
    for index, bar in enumerate(bars):
        x = margin["left"] + slot * index + (slot - bar_width) / 2
        height = 0 if bar.value is None else plot_height * bar.value / maximum
        drawn.append(
            {
                "label": bar.label,
                "text": bar.text,
                "x": round(x, 1),
                "y": round(bottom - height, 1),
                "width": round(bar_width, 1),
                "height": round(height, 1),
                "label_x": round(x + bar_width / 2, 1),
                "label_y": bottom + 16,
                "sublabel": bar.sublabel,
                "sublabel_y": bottom + 30,
                "value_y": round(bottom - height - 4, 1),
                "has_value": bar.value is not None,
                "show_label": index % label_every == 0,
                "show_value": label_every == 1,
            }
        )
    return Chart(
        id=id,
        title=title,
        description=description,
        orientation="columns",
        width=WIDTH,
        height=COLUMN_HEIGHT,
        plot={
            "left": margin["left"],
            "right": WIDTH - margin["right"],
            "top": margin["top"],
            "bottom": bottom,
        },
        bars=drawn,
        ticks=[
            {
                "y": round(y_of(value), 1),
                "text": _tick_text(value, percent),
                "text_y": round(y_of(value) + 4, 1),
            }
            for value in ticks
        ],
        reference=(
            {
                "y": round(y_of(reference.value), 1),
                "label": reference.label,
                "label_y": round(y_of(reference.value) - 4, 1),
            }
            if reference
            else None
        ),
    )


def _rows(id, title, description, bars, maximum, ticks, percent, reference) -> Chart:
    margin = ROW_MARGIN
    height = margin["top"] + margin["bottom"] + ROW_HEIGHT * max(len(bars), 1)
    plot_width = WIDTH - margin["left"] - margin["right"]
    bottom = height - margin["bottom"]

    def x_of(value: float) -> float:
        return margin["left"] + plot_width * value / maximum

    drawn = []
    for index, bar in enumerate(bars):
        y = margin["top"] + ROW_HEIGHT * index + 4
        length = 0 if bar.value is None else plot_width * bar.value / maximum
        drawn.append(
            {
                "label": _shorten(bar.label),
                "text": bar.text,
                "x": margin["left"],
                "y": y,
                "width": round(length, 1),
                "height": ROW_HEIGHT - 8,
                "label_x": margin["left"] - 8,
                "label_y": y + (ROW_HEIGHT - 8) / 2 + 4,
                "value_x": round(margin["left"] + length + 4, 1),
                "has_value": bar.value is not None,
            }
        )
    return Chart(
        id=id,
        title=title,
        description=description,
        orientation="rows",
        width=WIDTH,
        height=height,
        plot={
            "left": margin["left"],
            "right": WIDTH - margin["right"],
            "top": margin["top"],
            "bottom": bottom,
        },
        bars=drawn,
        ticks=[
            {"x": round(x_of(value), 1), "text": _tick_text(value, percent), "text_y": bottom + 16}
            for value in ticks
        ],
        reference=(
            {"x": round(x_of(reference.value), 1), "label": reference.label} if reference else None
        ),
    )
