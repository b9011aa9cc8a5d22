"""Small GPX courses made by the tests: straight, rolling, without elevation, noisy."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence

#: Metres per degree of latitude on gpxpy's sphere (its haversine uses this radius).
METRES_PER_DEGREE = 6378137.0 * math.pi / 180.0


def gpx(points: Sequence[tuple[float, float | None]], *, route: bool = False) -> str:
    """A GPX document running north from 45°N, 7°E: (distance along it in metres, elevation
    or None) per point, as a track (or a route)."""
    rows = []
    tag = "rtept" if route else "trkpt"
    for d, ele in points:
        lat = 45.0 + d / METRES_PER_DEGREE
        inner = "" if ele is None else f"<ele>{ele:.2f}</ele>"
        rows.append(f'<{tag} lat="{lat:.7f}" lon="7.0000000">{inner}</{tag}>')
    body = "".join(rows)
    wrapped = (f"<rte>{body}</rte>" if route else f"<trk><trkseg>{body}</trkseg></trk>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="booklet tests"'
            f' xmlns="http://www.topografix.com/GPX/1/1">{wrapped}</gpx>\n')


def sampled(elevation: Callable[[float], float], length_m: float, step_m: float = 10.0
            ) -> list[tuple[float, float]]:
    n = round(length_m / step_m)
    return [(i * step_m, elevation(i * step_m)) for i in range(n + 1)]


def legs(parts: Sequence[tuple[float, float]], start: float = 300.0) -> Callable[[float], float]:
    """A profile of (length in metres, grade in percent) legs, one after the other."""
    def height(d: float) -> float:
        e, at = start, 0.0
        for length, grade in parts:
            e += max(0.0, min(d - at, length)) * grade / 100.0
            at += length
        return e
    return height


def straight_descent() -> list[tuple[float, float]]:
    """3 km at −4%."""
    return sampled(legs([(3000, -4.0)]), 3000)


ROLLING = [(1000, 2.0), (800, -3.0), (600, 0.0), (1000, 5.0), (1200, -5.0), (400, 0.0),
           (1000, -3.0)]


def rolling() -> list[tuple[float, float]]:
    """6 km: up 2%, down 3%, flat, up 5%, down 5%, flat, down 3% to finish."""
    return sampled(legs(ROLLING), sum(length for length, _ in ROLLING))


def noisy(points: list[tuple[float, float]], seed: int = 7, metres: float = 3.0
          ) -> list[tuple[float, float]]:
    """The points every 5 m with GPS-like elevation noise (±``metres``, standard deviation)."""
    rng = random.Random(seed)
    out = []
    for (d0, e0), (d1, e1) in zip(points, points[1:], strict=False):
        out += [(d0, e0 + rng.gauss(0, metres)), ((d0 + d1) / 2, (e0 + e1) / 2
                                                  + rng.gauss(0, metres))]
    return out + [(points[-1][0], points[-1][1] + rng.gauss(0, metres))]


# The example club's course: a valley half marathon, made up for the example.
VALLEY = [(3000, 0.5), (2000, -1.0), (3000, 1.0), (2000, 4.0), (2000, 0.0), (3000, -4.5),
          (2500, 0.5), (2500, -3.0), (1100, 0.0)]
