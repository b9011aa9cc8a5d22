"""Reading a goal race's course: the GPX file a profile names in ``race.course``.

The file is found beside the profile or in the project's folder, read only from inside the
project (``booklet.paths``), parsed with gpxpy (its tracks, else its routes) and handed to
the plan as a ``Course`` (``booklet.plan.course`` smooths and splits it). Every problem is
one error naming the file and saying what to do.
"""

from __future__ import annotations

import math
from pathlib import Path

import gpxpy
import gpxpy.geo

from ..errors import Problem, ProfileError
from ..paths import outside_reason
from ..plan import Profile
from ..plan.course import Course, CourseProblem, course_from_profile
from .config import CONFIG_NAME

#: A marathon recorded every second is a few megabytes; anything far bigger is not a course.
MAX_BYTES = 20_000_000
MAX_POINTS = 200_000
#: At least this share of the points must carry an elevation (the others are skipped).
ELEVATION_SHARE = 0.9
KEY = "race.course"


def _problem(message: str, file: Path) -> ProfileError:
    return ProfileError([Problem(message, file, key=None)])


def read_course(path: Path) -> Course:
    """The course in a GPX file; a ProfileError naming the file when it cannot be used."""
    try:
        data = path.read_bytes() if path.stat().st_size <= MAX_BYTES else None
    except OSError as exc:
        raise _problem(f"the course file cannot be read: {exc.strerror}", path) from None
    if data is None:
        raise _problem(f"the course file is over {MAX_BYTES // 1_000_000} MB; a race course"
                       " is far smaller: export the route alone, without extras", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _problem("the course file is not UTF-8 text; export it again as GPX",
                       path) from None
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise _problem("the course file declares a DOCTYPE or entities, which GPX files"
                       " never need; export it again as plain GPX", path)
    try:
        gpx = gpxpy.parse(text)
    except Exception as exc:  # gpxpy raises many kinds for broken XML; all mean the same
        detail = " ".join(str(exc).split())[:160]
        raise _problem(f"the course file is not a readable GPX file ({detail}); export the"
                       " course again as GPX (a track or a route)", path) from None
    points = [p for track in gpx.tracks for seg in track.segments for p in seg.points]
    if not points:
        points = [p for route in gpx.routes for p in route.points]
    if len(points) < 2:
        raise _problem("the course file has no track or route with at least two points;"
                       " export the course as a GPX track or route", path)
    if len(points) > MAX_POINTS:
        raise _problem(f"the course file has {len(points)} points, more than"
                       f" {MAX_POINTS}; simplify the track before using it", path)
    try:
        return course_from_profile(_profile(points, path))
    except CourseProblem as exc:
        raise _problem(f"{exc}", path) from None


def _profile(points: list, path: Path) -> list[tuple[float, float]]:
    """(distance along the track, elevation) at each point with an elevation."""
    out: list[tuple[float, float]] = []
    along = 0.0
    previous = None
    with_elevation = 0
    for p in points:
        lat, lon = p.latitude, p.longitude
        if not (isinstance(lat, float) and isinstance(lon, float) and math.isfinite(lat)
                and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise _problem(f"a point has no usable position (lat {lat}, lon {lon}); export"
                           " the course again", path)
        if previous is not None:
            along += gpxpy.geo.haversine_distance(previous[0], previous[1], lat, lon)
        previous = (lat, lon)
        ele = p.elevation
        if ele is not None and math.isfinite(ele):
            with_elevation += 1
            out.append((along, float(ele)))
    if with_elevation < ELEVATION_SHARE * len(points) or len(out) < 2:
        what = "has no elevation" if with_elevation == 0 else (
            f"has an elevation at only {with_elevation} of its {len(points)} points")
        raise _problem(f"the course {what}; booklet needs the height of the course to find"
                       " its descents: export it again with elevation (most route planners"
                       " and watch apps offer it, e.g. 'include elevation' or 'add"
                       " elevation data')", path)
    if out[0][0] > 0 or out[-1][0] < along:  # the ends lack a height: keep the full length
        out = [(0.0, out[0][1]), *out[1:]] if out[0][0] > 0 else out
        out = [*out, (along, out[-1][1])] if out[-1][0] < along else out
    return out


def project_root(profile_path: Path, roots: tuple[Path, ...] = ()) -> Path:
    """The project a profile belongs to: the first of ``roots``, else the folder above the
    profile's when it holds booklet.toml, else the profile's own folder."""
    if roots:
        return roots[0]
    above = profile_path.resolve().parent.parent
    return above if (above / CONFIG_NAME).is_file() else profile_path.resolve().parent


def course_path(profile_path: Path, name: str, roots: tuple[Path, ...] = ()) -> Path:
    """Where ``race.course`` points: beside the profile if there is such a file, else in the
    project's folder. A ProfileError (naming the profile) when neither exists or the file
    lies outside the project."""
    root = project_root(profile_path, roots)
    candidates = [profile_path.parent / name, root / name]
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        raise ProfileError([Problem(
            f"the course file '{name}' is not there (looked in {candidates[0].parent} and"
            f" {root}); put the GPX file in the project, e.g. courses/, and give its path"
            " relative to the project, or remove the key", profile_path, key=KEY)])
    reason = outside_reason(found, roots or (root,))
    if reason is not None:
        raise ProfileError([Problem(
            f"the course file {reason}; booklet only reads files inside the project: copy"
            " it into the project (e.g. courses/)", profile_path, key=KEY)])
    return found


def with_course(profile_path: Path, profile: Profile, roots: tuple[Path, ...] = ()
                ) -> Profile:
    """The profile with its goal race's course read, when ``race.course`` names one."""
    if profile.race is None or profile.race.course is None:
        return profile
    return profile.with_course(read_course(course_path(profile_path, profile.race.course,
                                                       roots)))
