"""URLs formatted from patterns reversed once per process (issue 25, ADR 76).

A `{% url %}` or `reverse()` costs about as much as rendering a table row, and a page's table
reverses one per row. Which view a URL name points to never depends on data or on the user, so
each pattern is reversed once, with stand-in ids, and a page formats its own ids into it. The
script prefix is added per call: it belongs to the request, not the process.
"""

import functools

from django.urls import get_script_prefix, reverse

# Stand-ins for the ids in a reversed URL: far beyond any real primary key.
_STAND_INS = ("987654321987", "987654321988", "987654321989")


@functools.cache
def _pattern(url_name: str, ids: int) -> str:
    """The URL after the script prefix, with {0}, {1} where the ids go."""
    stand_ins = _STAND_INS[:ids]
    url = reverse(url_name, args=[int(stand_in) for stand_in in stand_ins])
    path = url.removeprefix(get_script_prefix()).replace("{", "{{").replace("}", "}}")
    for position, stand_in in enumerate(stand_ins):
        path = path.replace(stand_in, f"{{{position}}}")
    return path


def url_for(url_name: str, *ids) -> str:
    """The same as reverse(url_name, args=ids), for whole-number ids."""
    return get_script_prefix() + _pattern(url_name, len(ids)).format(*map(int, ids))


def url_maker(url_name: str, ids: int = 1):
    """A function from a row's ids to the URL of `url_name`, for a table's rows."""
    pattern = get_script_prefix() + _pattern(url_name, ids)

    def make(*row_ids) -> str:
        return pattern.format(*map(int, row_ids))

    return make
