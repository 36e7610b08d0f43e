"""Where and when operations meet: great-circle distance, grid cells, day buckets.

Two operations conflict when their discs (centre, radius) come within a
buffer of each other and their time windows, widened by a buffer, overlap.
Candidates come from a key table of ``(grid cell, UTC day)`` keys; the exact
test (`overlaps`) then runs on the few candidates.

The grid is a fixed lat/lon grid (`CELL_DEG` degrees, about 5.5 km north to
south). An event is keyed under every cell of its bounding box and every day
of its window; a query probes the cells of its own box widened by the buffer,
and the days of its window widened by the time buffer. That finds every event
that can meet it: if the discs come within the buffer, the point of the
registered disc nearest the query's centre lies in both boxes. A large or long
operation costs keys at registration only, so the checker caps radius and
window length (settings) to keep one registration bounded.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)
CELL_DEG = 0.05
M_PER_DEG_LAT = math.pi * EARTH_RADIUS_M / 180.0
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: Probes reach one metre further than needed, so that two points a rounding
#: error apart on either side of a cell edge are still found.
_SLACK_M = 1.0


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres; stable for tiny and antipodal distances."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def discs_meet(
    lat1: float, lon1: float, r1: float, lat2: float, lon2: float, r2: float, buffer_m: float
) -> bool:
    """True when the two discs come within ``buffer_m`` of each other (touching counts)."""
    return haversine_m(lat1, lon1, lat2, lon2) <= r1 + r2 + buffer_m


def windows_meet(
    start1: datetime, end1: datetime, start2: datetime, end2: datetime, buffer: timedelta
) -> bool:
    """True when the windows, each widened by ``buffer`` on both sides, overlap."""
    return start1 - buffer <= end2 and start2 - buffer <= end1


def day_number(moment: datetime) -> int:
    """Days since 1970-01-01 UTC: the time bucket of the event key table."""
    return (moment.astimezone(UTC) - _EPOCH).days


def _lon_span_deg(lat: float, metres: float) -> float:
    """Degrees of longitude that ``metres`` span at ``lat`` (whole circle near the poles)."""
    lat_for_scale = abs(lat) + metres / M_PER_DEG_LAT
    if lat_for_scale >= 89.9:  # the disc reaches (or nearly reaches) a pole
        return 180.0
    scale = math.cos(math.radians(lat_for_scale))
    return min(180.0, metres / (M_PER_DEG_LAT * scale))


def cells_around(lat: float, lon: float, metres: float) -> Iterator[tuple[int, int]]:
    """Grid cells of the box that contains every point within ``metres`` of (lat, lon).

    The box wraps across the antimeridian; near the poles it covers every longitude.
    """
    dlat = metres / M_PER_DEG_LAT
    dlon = _lon_span_deg(lat, metres)
    y0 = math.floor(max(-90.0, lat - dlat) / CELL_DEG)
    y1 = math.floor(min(90.0, lat + dlat) / CELL_DEG)
    ncols = round(360.0 / CELL_DEG)
    if dlon >= 180.0:
        xs: list[int] = list(range(ncols))
    else:
        x0 = math.floor((lon - dlon + 180.0) / CELL_DEG)
        x1 = math.floor((lon + dlon + 180.0) / CELL_DEG)
        xs = sorted({x % ncols for x in range(x0, x1 + 1)})
    for y in range(y0, y1 + 1):
        for x in xs:
            yield x, y


def days_between(start: datetime, end: datetime) -> range:
    return range(day_number(start), day_number(end) + 1)


def cell_day_key(x: int, y: int, day: int) -> str:
    return f"cd:{x}:{y}:{day}"


def event_keys(
    lat: float, lon: float, radius_m: float, start: datetime, end: datetime
) -> list[str]:
    """Keys an event is registered under: its bounding cells times its days."""
    days = days_between(start, end)
    return [cell_day_key(x, y, d) for x, y in cells_around(lat, lon, radius_m) for d in days]


def probe_keys(
    lat: float,
    lon: float,
    radius_m: float,
    start: datetime,
    end: datetime,
    *,
    buffer_m: float,
    buffer: timedelta,
) -> list[str]:
    """Keys to look up so that every event that could meet this one is found."""
    reach = radius_m + buffer_m + _SLACK_M
    days = days_between(start - buffer, end + buffer)
    return [cell_day_key(x, y, d) for x, y in cells_around(lat, lon, reach) for d in days]


#: Grid for coordinate targets (about 110 m north to south): a coordinate target
#: matches another within `Settings.point_match_m`, which must stay below a cell.
POINT_CELL_DEG = 0.001


def point_cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor((lon + 180.0) / POINT_CELL_DEG), math.floor(lat / POINT_CELL_DEG)


def point_key(lat: float, lon: float) -> str:
    """The key a coordinate target is registered under: its fine grid cell."""
    x, y = point_cell(lat, lon)
    return f"pt:{x}:{y}"


def point_probe_keys(lat: float, lon: float) -> list[str]:
    """The cell and its eight neighbours: every point closer than one cell is in them."""
    x, y = point_cell(lat, lon)
    ncols = round(360.0 / POINT_CELL_DEG)
    return [f"pt:{(x + dx) % ncols}:{y + dy}" for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
