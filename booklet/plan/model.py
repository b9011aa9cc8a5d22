"""The plan as data: Plan, Week, Session, Step, DownhillDose, Paces (pure, immutable).

All numbers are SI (seconds per kilometre, metres); display units are applied when rendering.
``plan_to_dict`` gives the documented ``booklet.plan/3`` JSON document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # course.py needs limits, which needs this module
    from .course import Course

SCHEMA_ID = "booklet.plan/3"

Phase = Literal["base", "build", "peak", "taper"]
SessionKind = Literal[
    "downhill_tempo", "easy", "quality", "long", "strength", "mobility", "race", "test"
]
Terrain = Literal["downhill", "flat", "any"]
StepPart = Literal[
    "warmup", "drills", "strides", "main", "recovery", "cooldown", "stretch", "exercise"
]
PHASES: tuple[str, ...] = ("base", "build", "peak", "taper")
HARD_KINDS: frozenset[str] = frozenset({"downhill_tempo", "quality", "race", "test"})
#: Sessions that are runs (the rest are strength and mobility).
RUN_KINDS: frozenset[str] = frozenset(
    {"downhill_tempo", "quality", "easy", "long", "race", "test"})
#: What each kind of session is called on pages, in calendars and in spreadsheets.
KIND_LABELS: dict[str, str] = {
    "downhill_tempo": "Downhill tempo", "quality": "Quality", "easy": "Easy run",
    "long": "Long run", "strength": "Strength", "mobility": "Mobility", "race": "Race",
    "test": "Retest",
}


@dataclass(frozen=True)
class Target:
    """What a step aims at: a pace range (s/km), an effort range (RPE 0-10), a grade."""

    s_per_km: tuple[float, float] | None = None
    rpe: tuple[int, int] | None = None
    grade_pct: float | None = None


@dataclass(frozen=True)
class Step:
    """One part of a session, e.g. the warmup or the main set."""

    part: StepPart
    text: str
    seconds: int | None = None
    repeat: int = 1
    exercise: str | None = None
    plyometric: bool = False
    target: Target | None = None
    #: Strength steps: sets x reps (each side when each_side); landings for plyometrics.
    sets: int | None = None
    reps: int | None = None
    each_side: bool = False
    landings: int | None = None
    #: A step run to a distance rather than a time (the retest's time trial); ``seconds``
    #: is then the expected time, and pages show the distance before ``text``.
    distance_m: float | None = None


@dataclass(frozen=True)
class Session:
    """One thing to do on one day."""

    date: date
    kind: SessionKind
    title: str
    minutes: int
    terrain: Terrain
    steps: tuple[Step, ...] = ()
    blocks: tuple[str, ...] = ()
    #: A downhill session's descent: its name from the profile, or "treadmill".
    descent: str | None = None

    @property
    def hard(self) -> bool:
        return self.kind in HARD_KINDS


@dataclass(frozen=True)
class DownhillDose:
    """The week's downhill stimulus: reps x rep_seconds at grade_pct, with recoveries."""

    grade_pct: float
    reps: int
    rep_seconds: int
    recovery_seconds: int
    target_s_per_km: float | None
    rpe: tuple[int, int]
    descent_m: float
    #: Where the reps are run: a descent's name from the profile, or "treadmill".
    descent: str = ""


@dataclass(frozen=True)
class Paces:
    """Training paces derived from a race result, in seconds per kilometre."""

    vdot: float
    easy_s_per_km: tuple[float, float]
    marathon_s_per_km: float
    threshold_s_per_km: float
    interval_s_per_km: float


@dataclass(frozen=True)
class Week:
    number: int
    start: date
    phase: Phase
    deload: bool
    planned_minutes: int
    downhill: DownhillDose | None
    sessions: tuple[Session, ...]
    focus: str = ""
    #: Why the week trains as it does for the race's course (also the end of ``focus``).
    course_focus: str = ""

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)


@dataclass(frozen=True)
class AthleteRef:
    id: str
    name: str
    level: str
    units: str


@dataclass(frozen=True)
class RaceRef:
    name: str
    date: date
    distance_m: float
    course: Course | None = None


#: What a plan warning may say; the plan still builds and keeps every rule.
WarningCode = Literal["long_run_short", "volume_capped", "no_suitable_descent", "steep_descent",
                      "course_distance"]


@dataclass(frozen=True)
class PlanWarning:
    """Something the athlete or coach should know before starting: not an error."""

    code: WarningCode
    message: str


@dataclass(frozen=True)
class Adjustment:
    """One change a re-plan made from the diary: the first date it changes, the rule (named
    as the diary chapter names it, e.g. "Drop a step") and the diary line that caused it.
    A retest's adjustment carries the paces in force from its date on."""

    date: date
    rule: str
    reason: str
    paces: Paces | None = None


@dataclass(frozen=True)
class Plan:
    athlete: AthleteRef
    start: date
    end: date
    race: RaceRef | None
    paces: Paces | None
    weeks: tuple[Week, ...] = field(default_factory=tuple)
    warnings: tuple[PlanWarning, ...] = ()
    #: What a re-plan from the diary changed (``replan.replan``); empty for a plan as made.
    adjustments: tuple[Adjustment, ...] = ()

    def paces_on(self, day: date) -> Paces | None:
        """The paces in force on ``day``: a retest's from its date on, else the plan's."""
        found = [a.paces for a in self.adjustments if a.paces is not None and a.date <= day]
        return found[-1] if found else self.paces

    @property
    def sessions(self) -> tuple[Session, ...]:
        return tuple(s for w in self.weeks for s in w.sessions)

    @property
    def block_ids(self) -> tuple[str, ...]:
        """Every block the plan's sessions refer to, first use first."""
        return tuple(dict.fromkeys(b for s in self.sessions for b in s.blocks))


def _target_dict(target: Target | None) -> dict[str, Any]:
    if target is None:
        return {}
    out: dict[str, Any] = {}
    if target.s_per_km is not None:
        out["s_per_km"] = [round(v, 1) for v in target.s_per_km]
    if target.rpe is not None:
        out["rpe"] = list(target.rpe)
    if target.grade_pct is not None:
        out["grade_pct"] = target.grade_pct
    return out


def _strength_dict(st: Step) -> dict[str, Any]:
    """A strength step's dose (absent from other steps)."""
    if st.sets is None:
        return {}
    out: dict[str, Any] = {"sets": st.sets, "reps": st.reps, "each_side": st.each_side}
    if st.landings is not None:
        out["landings"] = st.landings
    return out


def _session_dict(s: Session) -> dict[str, Any]:
    return {
        "date": s.date.isoformat(),
        "kind": s.kind,
        "title": s.title,
        "minutes": s.minutes,
        "terrain": s.terrain,
        "steps": [
            {
                "part": st.part,
                "text": st.text,
                "seconds": st.seconds,
                "repeat": st.repeat,
                "exercise": st.exercise,
                "plyometric": st.plyometric,
                "target": _target_dict(st.target),
                **_strength_dict(st),
            } | ({} if st.distance_m is None else {"distance_m": st.distance_m})
            for st in s.steps
        ],
        "blocks": list(s.blocks),
    } | ({} if s.descent is None else {"descent": s.descent})


def _dose_dict(d: DownhillDose | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "grade_pct": d.grade_pct,
        "reps": d.reps,
        "rep_seconds": d.rep_seconds,
        "recovery_seconds": d.recovery_seconds,
        "target_s_per_km": None if d.target_s_per_km is None else round(d.target_s_per_km, 1),
        "rpe": list(d.rpe),
        "descent_m": round(d.descent_m, 1),
        "descent": d.descent,
    }


def _paces_dict(p: Paces) -> dict[str, Any]:
    return {
        "vdot": round(p.vdot, 1),
        "easy_s_per_km": [round(v, 1) for v in p.easy_s_per_km],
        "marathon_s_per_km": round(p.marathon_s_per_km, 1),
        "threshold_s_per_km": round(p.threshold_s_per_km, 1),
        "interval_s_per_km": round(p.interval_s_per_km, 1),
    }


def _adjustment_dict(a: Adjustment) -> dict[str, Any]:
    out: dict[str, Any] = {"date": a.date.isoformat(), "rule": a.rule, "reason": a.reason}
    return out if a.paces is None else out | {"paces": _paces_dict(a.paces)}


def _course_dict(c: Course) -> dict[str, Any]:
    return {
        "distance_m": c.distance_m,
        "climb_m": c.climb_m,
        "descent_m": c.descent_m,
        "segments": [{"start_m": s.start_m, "end_m": s.end_m, "grade_pct": s.grade_pct}
                     for s in c.segments],
    }


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as the ``booklet.plan/3`` JSON document (SI units)."""
    p = plan.paces
    return {
        "schema": SCHEMA_ID,
        "athlete": {
            "id": plan.athlete.id,
            "name": plan.athlete.name,
            "level": plan.athlete.level,
            "units": plan.athlete.units,
        },
        "start": plan.start.isoformat(),
        "end": plan.end.isoformat(),
        "race": None
        if plan.race is None
        else {
            "name": plan.race.name,
            "date": plan.race.date.isoformat(),
            "distance_m": plan.race.distance_m,
        } | ({} if plan.race.course is None else {"course": _course_dict(plan.race.course)}),
        "paces": None if p is None else _paces_dict(p),
        "weeks": [
            {
                "number": w.number,
                "start": w.start.isoformat(),
                "phase": w.phase,
                "deload": w.deload,
                "focus": w.focus,
                "planned_minutes": w.planned_minutes,
                "downhill": _dose_dict(w.downhill),
                "sessions": [_session_dict(s) for s in w.sessions],
            } | ({"course_focus": w.course_focus} if w.course_focus else {})
            for w in plan.weeks
        ],
        "warnings": [{"code": w.code, "message": w.message} for w in plan.warnings],
        "adjustments": [_adjustment_dict(a) for a in plan.adjustments],
    }
