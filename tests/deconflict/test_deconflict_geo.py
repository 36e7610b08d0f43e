"""Overlap geometry: haversine, disc and window tests, and the cell index's completeness."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vinculo.deconflict.geo import (
    EARTH_RADIUS_M,
    discs_meet,
    event_keys,
    haversine_m,
    probe_keys,
    windows_meet,
)

T0 = datetime(2025, 5, 1, 20, 0, tzinfo=UTC)


def test_haversine_known_distances() -> None:
    assert haversine_m(24.8, -107.4, 24.8, -107.4) == 0.0
    one_degree = haversine_m(0, 0, 1, 0)
    assert one_degree == pytest.approx(math.pi * EARTH_RADIUS_M / 180, rel=1e-12)
    assert haversine_m(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_M)
    assert haversine_m(90, 0, -90, 0) == pytest.approx(math.pi * EARTH_RADIUS_M)
    # Ciudad Juárez cathedral to El Paso San Jacinto Plaza: about 1.9 km across the border.
    assert 1_500 < haversine_m(31.7397, -106.4869, 31.7587, -106.4884) < 2_500


def test_antimeridian_is_short() -> None:
    assert haversine_m(10, 179.999, 10, -179.999) < 300


def test_discs_touching_count_and_buffer_widens() -> None:
    gap = haversine_m(0, 0, 0, 0.01)
    assert discs_meet(0, 0, gap / 2, 0, 0.01, gap / 2 + 1e-6, 0)
    assert not discs_meet(0, 0, gap / 2 - 1, 0, 0.01, gap / 2 - 1, 0)
    assert discs_meet(0, 0, gap / 2 - 1, 0, 0.01, gap / 2 - 1, 2.0)
    assert discs_meet(0, 0, 0, 0, 0, 0, 0)  # two points at the same place


def test_windows_touching_and_buffer() -> None:
    hour = timedelta(hours=1)
    assert windows_meet(T0, T0 + hour, T0 + hour, T0 + 2 * hour, timedelta(0))
    assert not windows_meet(T0, T0 + hour, T0 + 2 * hour, T0 + 3 * hour, timedelta(0))
    assert windows_meet(T0, T0 + hour, T0 + 2 * hour, T0 + 3 * hour, hour)
    other_zone = (T0 + hour).astimezone(__import__("zoneinfo").ZoneInfo("America/Mazatlan"))
    assert windows_meet(T0, T0 + hour, other_zone, other_zone + hour, timedelta(0))


def _found(a: tuple[float, float, float], b: tuple[float, float, float], buffer_m: float) -> bool:
    stored = set(event_keys(b[0], b[1], b[2], T0, T0 + timedelta(hours=2)))
    probes = probe_keys(
        a[0], a[1], a[2], T0, T0 + timedelta(hours=1), buffer_m=buffer_m, buffer=timedelta(0)
    )
    return bool(stored.intersection(probes))


def test_cells_wrap_across_the_antimeridian_and_poles() -> None:
    assert _found((10, 179.9999, 50), (10, -179.9999, 50), 0)
    assert _found((89.99, 0, 1_200), (89.99, 180, 1_200), 0)  # across the pole
    assert not discs_meet(89.99, 0, 100, 89.99, 180, 100, 0)


@settings(max_examples=120, deadline=None)
@given(
    st.floats(-89.9, 89.9),
    st.floats(-180, 180),
    st.floats(0, 5_000),
    st.floats(-0.2, 0.2),
    st.floats(-0.2, 0.2),
    st.floats(0, 5_000),
    st.floats(0, 1_000),
)
def test_index_never_misses_a_meeting(
    lat: float, lon: float, r1: float, dlat: float, dlon: float, r2: float, buffer_m: float
) -> None:
    lat2 = max(-89.0, min(89.0, lat + dlat))
    lon2 = ((lon + dlon + 180) % 360) - 180
    if discs_meet(lat, lon, r1, lat2, lon2, r2, buffer_m):
        assert _found((lat, lon, r1), (lat2, lon2, r2), buffer_m)
