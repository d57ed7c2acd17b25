"""The plan's safety scale history as a chart drawn on the server: an SVG the browser shows as it
is (no JavaScript), with a title and description for screen readers and the same numbers in a
table beside it (templates/plans/includes/scale_chart.html).

One line per danger statement (issue 17 item 11): each point on a line is one conference (the
average of everyone's scores for the child against that danger statement) or one core group
meeting (its score against it). Conferences and meetings are evenly spaced, oldest first, and
share their place on every line. Scores recorded before per-danger scaling are a line of their own.
Lines differ in colour and in dash, and points in shape, so colour is never the only key.
"""

from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 56
SCALE_MAX = 10

# GOV.UK colours, each with a dash pattern so the lines differ without colour too.
LINE_STYLES = [
    ("#1d70b8", ""),
    ("#d4351c", "10 5"),
    ("#00703c", "3 4"),
    ("#4c2c92", "12 4 3 4"),
    ("#f47738", "6 3"),
    ("#5694ca", "2 2"),
]
OVERALL_STYLE = ("#505a5f", "1 5")


@dataclass
class ScalePoint:
    when: object  # an aware datetime
    kind: str  # "conference" or "core_group"
    what: str
    value: float  # the plotted number, 0 to 10
    detail: str  # the scores as recorded, for the table
    series: object = None  # the key of the line (a danger statement of the plan, or "overall")
    x: float = 0
    y: float = 0

    @property
    def is_conference(self) -> bool:
        return self.kind == "conference"


@dataclass
class ScaleSeries:
    """One line: a danger statement's scale over the plan."""

    key: object
    label: str  # "Danger statement 1"
    description: str = ""  # its wording
    points: list[ScalePoint] = field(default_factory=list)
    colour: str = ""
    dash: str = ""
    path: str = ""


@dataclass
class ScaleEvent:
    """A conference or core group meeting: a row of the table, a place on the x axis."""

    when: object
    kind: str
    what: str
    x: float = 0
    cells: list = field(default_factory=list)  # the point on each line, or None

    @property
    def is_conference(self) -> bool:
        return self.kind == "conference"


@dataclass
class ScaleChart:
    points: list[ScalePoint]
    series: list[ScaleSeries] = field(default_factory=list)
    events: list[ScaleEvent] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    gridlines: list = field(default_factory=list)  # (y, label)

    @property
    def plot_left(self) -> int:
        return LEFT

    @property
    def plot_right(self) -> int:
        return self.width - RIGHT

    @property
    def axis_y(self) -> float:
        return self.height - BOTTOM

    @property
    def summary(self) -> str:
        """The chart in one sentence, for its description."""
        if not self.points:
            return "No safety scale scores recorded yet."
        lines = len(self.series)
        return (
            f"{lines} line{'s' if lines != 1 else ''}, one for each danger statement, over "
            f"{len(self.events)} conference{'s' if len(self.events) != 1 else ''} and core "
            f"group meetings, scored from 0 to {SCALE_MAX}, oldest first."
        )


def _y(value: float) -> float:
    plot_height = HEIGHT - TOP - BOTTOM
    return round(TOP + plot_height * (1 - value / SCALE_MAX), 1)


def scale_chart(points: list[ScalePoint], series: list[ScaleSeries] | None = None) -> ScaleChart:
    """Place the points: one x for each conference or meeting, evenly spaced across the plot; y
    from 0 (bottom) to 10 (top); a path for each line. `series` gives the lines' order and labels
    (any point on a line not given gets a line of its own)."""
    points = sorted(points, key=lambda point: point.when)
    lines = {line.key: line for line in series or []}
    for point in points:
        if point.series not in lines:
            lines[point.series] = ScaleSeries(key=point.series, label=str(point.series or ""))
        lines[point.series].points.append(point)
    used = [line for line in lines.values() if line.points]
    events: dict = {}
    for point in points:
        events.setdefault((point.when, point.kind, point.what), None)
    ordered = [ScaleEvent(when=when, kind=kind, what=what) for when, kind, what in events]
    plot_width = WIDTH - LEFT - RIGHT
    count = len(ordered)
    place = {}
    for index, event in enumerate(ordered):
        event.x = round(
            LEFT + (plot_width / 2 if count == 1 else plot_width * index / (count - 1)), 1
        )
        place[(event.when, event.kind, event.what)] = event
    styles = iter(LINE_STYLES * 4)
    for line in used:
        line.colour, line.dash = OVERALL_STYLE if line.key == "overall" else next(styles)
        for point in line.points:
            point.x = place[(point.when, point.kind, point.what)].x
            point.y = _y(point.value)
        line.path = " ".join(
            f"{'M' if index == 0 else 'L'}{point.x},{point.y}"
            for index, point in enumerate(line.points)
        )
    for event in ordered:
        key = (event.when, event.kind, event.what)
        event.cells = [
            next((p for p in line.points if (p.when, p.kind, p.what) == key), None) for line in used
        ]
    return ScaleChart(
        points=points,
        series=used,
        events=ordered,
        gridlines=[(_y(value), value) for value in range(0, SCALE_MAX + 1, 2)],
    )
