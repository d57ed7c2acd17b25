"""The plan's safety scale history as a chart drawn on the server: an SVG the browser shows as it
is (no JavaScript), with a title and description for screen readers and the same numbers in a
table beside it (templates/plans/includes/scale_chart.html).

Each point is one conference (the average of everyone's scores) or one core group meeting (the
average of its scores against the danger statements), oldest first, evenly spaced.
"""

from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 56
SCALE_MAX = 10


@dataclass
class ScalePoint:
    when: object  # an aware datetime
    kind: str  # "conference" or "core_group"
    what: str
    value: float  # the plotted number, 0 to 10
    detail: str  # the scores as recorded, for the table
    x: float = 0
    y: float = 0

    @property
    def is_conference(self) -> bool:
        return self.kind == "conference"


@dataclass
class ScaleChart:
    points: list[ScalePoint]
    width: int = WIDTH
    height: int = HEIGHT
    gridlines: list = field(default_factory=list)  # (y, label)
    path: str = ""

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
        first, last = self.points[0], self.points[-1]
        return (
            f"{len(self.points)} scores from {first.value:g} to {last.value:g} out of "
            f"{SCALE_MAX}, oldest first."
        )


def _y(value: float) -> float:
    plot_height = HEIGHT - TOP - BOTTOM
    return round(TOP + plot_height * (1 - value / SCALE_MAX), 1)


def scale_chart(points: list[ScalePoint]) -> ScaleChart:
    """Place the points: x evenly spaced across the plot, y from 0 (bottom) to 10 (top)."""
    points = sorted(points, key=lambda point: point.when)
    plot_width = WIDTH - LEFT - RIGHT
    count = len(points)
    for index, point in enumerate(points):
        point.x = round(
            LEFT + (plot_width / 2 if count == 1 else plot_width * index / (count - 1)), 1
        )
        point.y = _y(point.value)
    path = " ".join(
        f"{'M' if index == 0 else 'L'}{point.x},{point.y}" for index, point in enumerate(points)
    )
    return ScaleChart(
        points=points,
        gridlines=[(_y(value), value) for value in range(0, SCALE_MAX + 1, 2)],
        path=path,
    )
