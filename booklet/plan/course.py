"""The race course: an elevation profile smoothed, split into steady grades and summarised (pure).

``course_from_profile`` takes a track as (distance along it, elevation) pairs, already read
from the GPX file by the project (``booklet.project.course``), and returns a ``Course``: the
segments of steady grade (each at least ``MIN_SEGMENT_M`` long), the climb and descent they
add up to, and where the sustained descents are. GPS elevation is noisy, so the profile is
resampled every ``RESAMPLE_M`` and averaged over ``SMOOTH_M`` before it is split (a raw track
invents climbs of a metre or two every few seconds).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .limits import MAX_DESCENT_GRADE, MIN_GRADE

#: The profile is resampled at this spacing (metres) before it is smoothed.
RESAMPLE_M = 10.0
#: Elevation is averaged over this much course (metres, centred) to take out GPS noise.
SMOOTH_M = 150.0
#: A segment's straight line stays within this many metres of the smoothed profile.
FIT_TOLERANCE_M = 2.0
#: The shortest segment of steady grade; shorter pieces join a neighbour.
MIN_SEGMENT_M = 200.0
#: Grade bands of the downhill share, in percent, gentlest first: -2...-4, -4...-6, steeper.
DESCENT_BANDS: tuple[tuple[float, float], ...] = (
    (MIN_GRADE, 4.0), (4.0, MAX_DESCENT_GRADE), (MAX_DESCENT_GRADE, math.inf))
#: A segment steeper than this (either way) is bad elevation data, not a running course.
MAX_COURSE_GRADE = 25.0
#: Elevations outside this range (metres) are not on a running course on Earth.
ELEVATION_RANGE = (-450.0, 9000.0)
#: A course shorter than this is no race; longer than this, no race booklet plans for.
COURSE_DISTANCE_RANGE = (400.0, 250_000.0)
#: A course this far (share) from the race distance is worth a warning (GPS tracks run a
#: percent or two long; more is usually the wrong file or a missing part).
DISTANCE_WARN_SHARE = 0.05
#: A descent that ends in the last part of the course (from this share of its distance on)
#: is a late descent: the long runs rehearse it with a downhill finish.
LATE_FROM_SHARE = 0.7

EPS = 1e-9


class CourseProblem(ValueError):
    """The track cannot be used as a race course; the message says why and what to do."""


@dataclass(frozen=True)
class CourseSegment:
    """A stretch of steady grade: from ``start_m`` to ``end_m`` along the course, at
    ``grade_pct`` (negative downhill)."""

    start_m: float
    end_m: float
    grade_pct: float

    @property
    def length_m(self) -> float:
        return self.end_m - self.start_m

    @property
    def rise_m(self) -> float:
        """Height gained over the segment (negative when it descends)."""
        return self.length_m * self.grade_pct / 100.0


@dataclass(frozen=True)
class SustainedDescent:
    """Consecutive segments each at -2% or steeper: one descent a runner feels as one."""

    start_m: float
    end_m: float
    drop_m: float

    @property
    def length_m(self) -> float:
        return self.end_m - self.start_m

    @property
    def grade_pct(self) -> float:
        """Its average grade, negative."""
        return round(-100.0 * self.drop_m / self.length_m, 1)


@dataclass(frozen=True)
class Course:
    """A race course as the plan uses it: steady-grade segments and their totals."""

    distance_m: float
    climb_m: float
    descent_m: float
    segments: tuple[CourseSegment, ...]
    #: Elevation at the start (smoothed), so the profile can be drawn from the segments.
    start_elevation_m: float = 0.0

    def elevations(self) -> list[tuple[float, float]]:
        """(distance, elevation) at every segment boundary, start and finish included."""
        out = [(0.0, self.start_elevation_m)]
        for seg in self.segments:
            out.append((seg.end_m, out[-1][1] + seg.rise_m))
        return out

    @property
    def descents(self) -> tuple[SustainedDescent, ...]:
        """The sustained descents, in course order."""
        out: list[SustainedDescent] = []
        run: list[CourseSegment] = []
        for seg in (*self.segments, None):
            if seg is not None and seg.grade_pct <= -MIN_GRADE + EPS:
                run.append(seg)
                continue
            if run:
                out.append(SustainedDescent(run[0].start_m, run[-1].end_m,
                                            round(-sum(s.rise_m for s in run), 1)))
                run = []
        return tuple(out)

    @property
    def longest_descent(self) -> SustainedDescent | None:
        return max(self.descents, key=lambda d: (d.length_m, -d.start_m), default=None)

    @property
    def steepest_descent(self) -> SustainedDescent | None:
        return min(self.descents, key=lambda d: (d.grade_pct, d.start_m), default=None)

    @property
    def main_descent(self) -> SustainedDescent | None:
        """The descent that loses the most height: the one the race turns on."""
        return max(self.descents, key=lambda d: (d.drop_m, -d.start_m), default=None)

    @property
    def late_descent(self) -> SustainedDescent | None:
        """The last sustained descent when it ends in the last part of the course."""
        late = [d for d in self.descents if d.end_m >= LATE_FROM_SHARE * self.distance_m]
        return late[-1] if late else None

    def band_shares(self) -> tuple[float, ...]:
        """The share of the course's distance run in each of ``DESCENT_BANDS``."""
        return tuple(
            sum(s.length_m for s in self.segments if lo - EPS <= -s.grade_pct < hi - EPS)
            / self.distance_m for lo, hi in DESCENT_BANDS)

    @property
    def downhill_share(self) -> float:
        return sum(self.band_shares())


def band_label(band: tuple[float, float]) -> str:
    """'−2…−4%', or 'steeper than −6%'."""
    lo, hi = band
    if math.isinf(hi):
        return f"steeper than −{lo:g}%"
    return f"−{lo:g}…−{hi:g}%"


def course_from_profile(points: Sequence[tuple[float, float]]) -> Course:
    """The course from (distance along the track in metres, elevation in metres) pairs in
    course order. Raises ``CourseProblem`` for a track that cannot be a running course."""
    if len(points) < 2:
        raise CourseProblem("the track has fewer than two points with an elevation")
    low, high = ELEVATION_RANGE
    for _, ele in points:
        if not (math.isfinite(ele) and low <= ele <= high):
            raise CourseProblem(
                f"an elevation of {ele:g} m is outside {low:g}..{high:g} m: the file's"
                " elevation data is broken; export the course again with elevation")
    distance = points[-1][0] - points[0][0]
    shortest, longest = COURSE_DISTANCE_RANGE
    if not shortest <= distance <= longest:
        raise CourseProblem(
            f"the track is {distance / 1000:.2f} km long; a race course is"
            f" {shortest / 1000:g} to {longest / 1000:g} km")
    profile = _smoothed(_resampled(points))
    cuts = _merge_short(profile, _breakpoints(profile))
    segments = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        (d0, e0), (d1, e1) = profile[a], profile[b]
        segments.append(CourseSegment(round(d0, 1), round(d1, 1),
                                      round(100.0 * (e1 - e0) / (d1 - d0), 1)))
    for seg in segments:
        if abs(seg.grade_pct) > MAX_COURSE_GRADE:
            raise CourseProblem(
                f"the course climbs or falls {abs(seg.grade_pct):g}% for"
                f" {seg.length_m:.0f} m (from {seg.start_m / 1000:.2f} km), steeper than"
                f" {MAX_COURSE_GRADE:g}%: the elevation data is not believable; export the"
                " course again, with elevation from a map (most route planners offer it)")
    climb = sum((s.rise_m for s in segments if s.rise_m > 0), 0.0)
    descent = -sum((s.rise_m for s in segments if s.rise_m < 0), 0.0)
    return Course(round(segments[-1].end_m, 1), round(climb, 1), round(descent, 1),
                  tuple(segments), round(profile[0][1], 1))


def distance_note(course: Course, race_distance_m: float) -> str | None:
    """A warning when the course is far from the race distance, else None."""
    off = course.distance_m / race_distance_m - 1
    if abs(off) <= DISTANCE_WARN_SHARE:
        return None
    return (f"The course file is {course.distance_m / 1000:.1f} km long, {abs(off):.0%}"
            f" {'longer' if off > 0 else 'shorter'} than the race's"
            f" {race_distance_m / 1000:.1f} km: check that it is the right course, and"
            " whole. The pacing card follows the file.")


# --- smoothing and splitting ------------------------------------------------------------


def _resampled(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Elevation every RESAMPLE_M along the course, linearly interpolated, from distance 0."""
    origin = points[0][0]
    distance = points[-1][0] - origin
    steps = max(1, math.ceil(distance / RESAMPLE_M - EPS))
    out = []
    j = 0
    for i in range(steps + 1):
        d = min(i * RESAMPLE_M, distance)
        while j < len(points) - 2 and points[j + 1][0] - origin < d:
            j += 1
        (d0, e0), (d1, e1) = points[j], points[j + 1]
        span = d1 - d0
        t = 0.0 if span <= EPS else min(max((d + origin - d0) / span, 0.0), 1.0)
        out.append((d, e0 + t * (e1 - e0)))
    return out


def _smoothed(profile: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A centred moving average over SMOOTH_M; near the ends the window shrinks evenly, so
    a steady grade stays exactly steady and the ends keep their real height."""
    half = max(1, round(SMOOTH_M / RESAMPLE_M / 2))
    sums = [0.0]
    for _, e in profile:
        sums.append(sums[-1] + e)
    n = len(profile)
    out = []
    for i, (d, _) in enumerate(profile):
        k = min(half, i, n - 1 - i)
        out.append((d, (sums[i + k + 1] - sums[i - k]) / (2 * k + 1)))
    return out


def _breakpoints(profile: list[tuple[float, float]]) -> list[int]:
    """Douglas-Peucker on (distance, elevation): the indices where the grade changes."""
    keep = {0, len(profile) - 1}
    stack = [(0, len(profile) - 1)]
    while stack:
        a, b = stack.pop()
        (d0, e0), (d1, e1) = profile[a], profile[b]
        worst, at = 0.0, -1
        for i in range(a + 1, b):
            d, e = profile[i]
            off = abs(e - (e0 + (e1 - e0) * (d - d0) / (d1 - d0)))
            if off > worst:
                worst, at = off, i
        if worst > FIT_TOLERANCE_M:
            keep.add(at)
            stack += [(a, at), (at, b)]
    return sorted(keep)


def _merge_short(profile: list[tuple[float, float]], cuts: list[int]) -> list[int]:
    """Join every segment shorter than MIN_SEGMENT_M to the neighbour nearer its grade
    (shortest first), until each is long enough or the course is one segment."""
    cuts = list(cuts)

    def grade(a: int, b: int) -> float:
        (d0, e0), (d1, e1) = profile[a], profile[b]
        return (e1 - e0) / (d1 - d0)

    while len(cuts) > 2:
        lengths = [profile[b][0] - profile[a][0] for a, b in zip(cuts, cuts[1:], strict=False)]
        i = min(range(len(lengths)), key=lambda k: (lengths[k], k))
        if lengths[i] >= MIN_SEGMENT_M - EPS:
            break
        mine = grade(cuts[i], cuts[i + 1])
        before = abs(grade(cuts[i - 1], cuts[i]) - mine) if i > 0 else math.inf
        after = abs(grade(cuts[i + 1], cuts[i + 2]) - mine) if i + 2 < len(cuts) else math.inf
        del cuts[i if before <= after else i + 1]
    return cuts
