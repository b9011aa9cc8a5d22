"""Re-planning from the diary: the plan's past as planned, its rest by the back-off rules (pure).

``replan(profile, diary, today)`` makes the plan, then walks its weeks with the diary:

* every downhill session's soreness rating (the higher of 48 h and 72 h, ``backoff``; where
  no descent suits, its flat stand-in's) is a decision of the back-off table; other rows'
  ratings decide nothing, but unusual fatigue logged until the next downhill session, or
  soreness still there on day 7, moves its row one down. "Hold the dose" stops the next
  rise, "Drop a step" and the rows below it undo the last rise (the working dose goes one
  step down); after a step back, rises resume under the plan rules (the dose held at least
  two weeks), so the plan may peak lower, and an adjustment says so ("Lower peak");
* the latest rating's restriction holds from ``today`` until the next downhill session, the
  next one the athlete will rate: "Drop a step" turns flat quality (and a retest) into easy
  runs, "Skip the next downhill" also turns the next downhill session into an easy flat
  run, "Skip, and watch closely" makes every run a very easy jog, "See a professional"
  takes running and strength away; "Hold the dose" keeps that session at the same dose;
* a missed downhill session (``done`` no) does not count toward the weeks a dose is held;
* a week with under half its planned minutes done is followed by one no bigger, in minutes
  and dose, than the last fully done week, and the minutes grow back from there;
* a ``test`` result (a time trial) gives the paces from its date on;
* the race date never moves.

The engine builds the re-planned weeks (``engine.Steering``), so every plan rule holds for
them; sessions before ``today`` are copied from the plan as made. Each change is an
``Adjustment``: the first date it changes, the rule and the diary line behind it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta

from . import sessions as S
from .backoff import (
    LOWER_PEAK,
    MISSED_SESSION,
    MISSED_WEEK,
    MISSED_WEEK_SHARE,
    RETEST,
    RULES,
    SWAPPING,
    BackOff,
    Swap,
    decide,
    persistent,
    rating,
)
from .diary import RUNS, DiaryEntry, trial_result
from .engine import Steering, make_plan, outline, swap_runs
from .limits import GRAIN_SECONDS, HOLD_WEEKS, LEVELS, RISING_PHASES, STEP_REPS
from .model import Adjustment, Paces, Plan, Session, Week
from .paces import paces_from_race
from .profile import Profile
from .progression import Dose, Limits, first_dose, next_rise, small_steps
from .season import DELOAD_SHARE, GROWTH, WeekFrame
from .strength import Doses
from .units import format_grade


@dataclass(frozen=True)
class Rated:
    """A diary entry with a soreness rating, and the decision it leads to."""

    entry: DiaryEntry
    rule: BackOff
    moved: str  # why the row moved one down ("" when it did not)

    @property
    def line(self) -> str:
        return self.entry.line() + (f" ({self.moved}: one row down)" if self.moved else "")


def rated(entry: DiaryEntry, after: list[DiaryEntry] = ()) -> Rated | None:
    """The decision a downhill session's rating leads to. ``after``: the diary's other rows
    from that session until the next downhill session; their ratings decide nothing, but
    unusual fatigue logged there, or soreness still there on day 7 (``SORE_DAY``), moves
    the row one down as the content says."""
    score = rating(entry.soreness_48h, entry.soreness_72h)
    if score is None:
        return None
    tired = next((e for e in after if e.fatigue), None)
    sore = next((e for e in after if _sore_on_day_7(entry.date, e)), None)
    moved = ("unusual fatigue" if entry.fatigue
             else "soreness persists" if persistent(entry.soreness_48h, entry.soreness_72h)
             else f"unusual fatigue logged on {_where(tired)}" if tired is not None
             else f"soreness still there on day {SORE_DAY}, logged on {_where(sore)}"
             if sore is not None else "")
    return Rated(entry, decide(score, bool(moved)), moved)


#: Soreness still there this many days after a downhill session persists (one row down).
SORE_DAY = 7


def _sore_on_day_7(session: date, e: DiaryEntry) -> bool:
    """A later row rates some soreness on day 7 after the downhill session, or later."""
    return any(s is not None and s >= 1 and e.date + timedelta(days=hours // 24)
               >= session + timedelta(days=SORE_DAY)
               for hours, s in ((24, e.soreness_24h), (48, e.soreness_48h),
                                (72, e.soreness_72h)))


def _where(e: DiaryEntry) -> str:
    return f"{e.date.isoformat()} {e.kind}" + (f", row {e.row}" if e.row is not None else "")


def ratings_of(plan: Plan, entries: list[DiaryEntry]) -> list[Rated]:
    """The decisions in a diary (sorted by date): one per rated downhill session, or its
    flat stand-in where no descent suits (the sessions the back-off rules rate). Soreness
    on other rows (strength, easy, quality) is not a decision of its own."""
    stand_ins = {(s.date, s.kind) for s in plan.sessions if s.title == S.STRIDES_STRENGTH_TITLE}
    rated_rows = [e for e in entries
                  if e.kind == "downhill_tempo" or (e.date, e.kind) in stand_ins]
    bounds = sorted({s.date for s in plan.sessions if s.kind == "downhill_tempo"
                     or s.title == S.STRIDES_STRENGTH_TITLE} | {e.date for e in rated_rows})
    out = []
    for entry in rated_rows:
        nxt = next((d for d in bounds if d > entry.date), None)
        after = [e for e in entries if e is not entry and entry.date <= e.date
                 and (nxt is None or e.date < nxt or (e.date == nxt and e not in rated_rows))]
        r = rated(entry, after)
        if r is not None:
            out.append(r)
    return out


def dose_text(d: Dose) -> str:
    return f"{d.reps} × {d.rep_seconds} s at {format_grade(d.grade)}"


def _le(a: Dose, b: Dose) -> bool:
    return a.grade <= b.grade + 1e-9 and a.reps <= b.reps and a.rep_seconds <= b.rep_seconds


def _step_down(dose: Dose, earlier: list[Dose], level: str) -> Dose:
    """The last rise undone; before any rise, two reps fewer (or 5 s shorter reps) within
    the level's bounds."""
    if earlier:
        return earlier.pop()
    lowest = LEVELS[level].reps[0]
    if dose.reps > lowest:
        return replace(dose, reps=max(lowest, dose.reps - STEP_REPS))
    shortest = LEVELS[level].first_rep_seconds[0]
    return replace(dose, rep_seconds=max(shortest, dose.rep_seconds - GRAIN_SECONDS))


class _Diary:
    """The diary against the plan: what each session's entry says."""

    def __init__(self, plan: Plan, entries: list[DiaryEntry], today: date):
        self.today = today
        self.entries = sorted((e for e in entries if e.date < today), key=lambda e: e.date)
        self.by_session = {(e.date, e.kind): e for e in self.entries}
        planned = {(s.date, s.kind) for s in plan.sessions}
        self.extra = [e for e in self.entries if (e.date, e.kind) not in planned]

    def entry(self, s: Session) -> DiaryEntry | None:
        return self.by_session.get((s.date, s.kind))

    def missed(self, s: Session) -> bool:
        e = self.entry(s)
        return e is not None and e.missed

    def done_minutes(self, week: Week) -> int:
        """Running minutes done: logged minutes, else the planned ones unless marked not
        done; unplanned runs logged in the week count too."""
        total = 0
        for s in week.sessions:
            if s.kind not in RUNS or s.kind == "race":
                continue
            e = self.entry(s)
            if e is not None and e.minutes is not None:
                total += e.minutes if e.done is not False else 0
            elif not (e is not None and e.missed):
                total += s.minutes
        total += sum(e.minutes or 0 for e in self.extra
                     if week.start <= e.date <= week.end and e.kind in RUNS and e.done is not False)
        return total

    def fully_done(self, week: Week) -> bool:
        return not any(self.missed(s) for s in week.sessions if s.kind in RUNS)


def _training(week: Week) -> int:
    return sum(s.minutes for s in week.sessions if s.kind in RUNS and s.kind != "race")


def _downhill(week: Week) -> Session | None:
    return next((s for s in week.sessions if s.kind == "downhill_tempo"), None)


def _regrow(season: list[WeekFrame], minutes: list[int], curve: list[int], start: int) -> None:
    """Minutes after week ``start`` grown back as the season curve grows (6% a loading week,
    a deload 30% less), never above the plan's own curve."""
    loaded = minutes[start]
    for j in range(start + 1, len(season)):
        frame = season[j]
        if frame.phase == "taper":  # its share of the biggest week
            minutes[j] = min(curve[j], math.floor(curve[j] * max(minutes[:j]) / max(curve[:j])))
            continue
        if frame.deload:
            minutes[j] = min(curve[j], math.floor(minutes[j - 1] * DELOAD_SHARE))
        elif season[j - 1].deload:
            minutes[j] = min(curve[j], loaded)
        else:
            minutes[j] = min(curve[j], max(loaded, math.floor(loaded * (1 + GROWTH))))
        if frame.loading:
            loaded = minutes[j]


def _fitting(dose: Dose, earlier: list[Dose], limits: Limits, week_minutes: int) -> Dose:
    """The dose, or the highest earlier one that still fits (a retest's faster paces make
    reps run further, and the descent may no longer hold them)."""
    for d in (dose, *reversed(earlier)):
        if limits.venue_for(d.grade, d.rep_seconds) is not None:
            return d
    return first_dose(limits, week_minutes) or dose


def replan(profile: Profile, diary: list[DiaryEntry], today: date,
           doses: Doses | None = None) -> Plan:
    """The plan re-planned from ``diary`` as of ``today`` (sessions before it as planned)."""
    plan = make_plan(profile, doses)
    book = _Diary(plan, diary, today)
    base = outline(profile)
    season, weeks = base.season, plan.weeks
    adjustments: list[Adjustment] = []
    first_day = next((s.date for s in plan.sessions if s.date >= today), None)
    if first_day is None:  # the plan is over: nothing to re-plan
        return plan

    # a retest: its paces from its date on
    retest: Paces | None = None
    retest_day: date | None = None
    for e in book.entries:
        result = trial_result(e)
        if result is not None and result[0] > 0 and result[1] > 0:
            retest, retest_day = paces_from_race(*result), e.date
            retest_entry = e
    if retest is not None and retest_day is not None:
        before = "none" if plan.paces is None else f"VDOT {plan.paces.vdot:.1f}"
        adjustments.append(Adjustment(first_day, RETEST, (
            f"{retest_entry.line()}: paces from this result (VDOT {retest.vdot:.1f}, was"
            f" {before}) from {retest_day.isoformat()} on"), paces=retest))
    limits_after = (None if retest is None
                    else Limits(profile.level, profile.venues, retest))

    ratings = ratings_of(plan, book.entries)
    latest = ratings[-1] if ratings else None

    # the back-off window: from today to the next downhill session the athlete will rate
    swaps: dict[date, Swap] = {}
    # the sessions rated next: downhill tempo, or where no descent suits, its flat stand-in
    downhills = [s for s in plan.sessions if s.kind == "downhill_tempo"
                 or s.title == S.STRIDES_STRENGTH_TITLE]
    skipped: date | None = None
    if latest is not None and (latest.rule.swap or latest.rule.skip):
        after = [s for s in downhills if s.date > latest.entry.date]
        if latest.rule.skip and after and after[0].date >= today:
            skipped = after[0].date
        ahead = [s.date for s in downhills if s.date >= today and s.date != skipped]
        end = ahead[0] if ahead else plan.end + timedelta(days=1)
        for s in plan.sessions:
            if not today <= s.date < end or s.kind not in RUNS or s.kind == "race":
                continue
            swap = latest.rule.swap
            if swap is None:
                continue
            changed = swap in ("jog", "rest") or s.kind in ("quality", "test", "downhill_tempo")
            if changed:
                swaps[s.date] = swap
                adjustments.append(Adjustment(s.date, latest.rule.name, (
                    f"{latest.line}: {_what(s, swap)}")))
        if latest.rule.swap == "rest":  # no strength either
            adjustments += [Adjustment(s.date, latest.rule.name, (
                f"{latest.line}: no strength on {s.date.isoformat()} either"))
                for s in plan.sessions if today <= s.date < end and s.kind == "strength"]
            day = today
            while day < end:
                swaps.setdefault(day, "rest")
                day += timedelta(days=1)

    # walk the weeks: the working dose and the minutes, as the diary had them
    curve = list(base.minutes)
    minutes = list(base.minutes)
    planned = list(base.working)
    working = list(base.working)
    level = profile.level
    hold: Rated | None = None
    drops: list[Rated] = []
    missed: list[DiaryEntry] = []
    pending = list(ratings)
    if working:
        small = small_steps(season, curve, base.limits)
        fit_to = limits_after or base.limits
        dose, earlier, held = working[0], [], 0
        boundary_done = False
        for i, (frame, week) in enumerate(zip(season, weeks, strict=True)):
            session = _downhill(week)
            when = session.date if session is not None else week.start
            is_future = when >= today
            limits = (limits_after if limits_after is not None and retest_day is not None
                      and when > retest_day else base.limits)
            while pending and pending[0].entry.date < when:
                r = pending.pop(0)
                if not (r.rule.hold or r.rule.drop or r.rule.skip):
                    hold = None
                if r.rule.hold:
                    hold = r
                if r.rule.drop:
                    dose, held = _step_down(dose, earlier, level), 0
                    drops.append(r)
            if i > 0 and weeks[i - 1].end < today and book.done_minutes(weeks[i - 1]) \
                    < MISSED_WEEK_SHARE * _training(weeks[i - 1]):
                ref = next((j for j in range(i - 2, -1, -1) if season[j].loading
                            and weeks[j].end < today and book.fully_done(weeks[j])), None)
                cap_minutes = curve[0] if ref is None else _training(weeks[ref])
                cap_dose = planned[0] if ref is None else planned[ref]
                minutes[i] = min(minutes[i], cap_minutes)
                _regrow(season, minutes, curve, i)
                if not _le(dose, cap_dose):
                    dose, held = cap_dose, 0
                if week.end >= today:
                    start = max(today, week.start)
                    done = book.done_minutes(weeks[i - 1])
                    adjustments.append(Adjustment(start, MISSED_WEEK, (
                        f"week {weeks[i - 1].number}: {done} of {_training(weeks[i - 1])} min"
                        f" done: week {week.number} is no bigger than"
                        f" {'week 1' if ref is None else f'week {weeks[ref].number}'}"
                        f" (at most {minutes[i]} min and {dose_text(dose)})")))
            if is_future and not boundary_done and session is not None:
                boundary_done = True
                shown = planned[i - 1] if i > 0 else planned[0]
                if not _le(dose, shown):
                    dose = next((d for d in reversed(earlier) if _le(d, shown)), shown)
                if dose != shown:
                    held = 0
            dose = _fitting(dose, earlier, fit_to, minutes[i])
            if (frame.loading and frame.phase in RISING_PHASES and held >= HOLD_WEEKS
                    and not hold and when != skipped
                    and (raised := next_rise(dose, frame.phase, limits, minutes[i], small))):
                earlier.append(dose)
                dose, held = _fitting(raised, earlier, fit_to, minutes[i]), 0
            elif is_future and hold is not None and session is not None:
                adjustments.append(Adjustment(session.date, hold.rule.name, (
                    f"{hold.line}: no new step here; the dose stays {dose_text(dose)} until"
                    f" a session leaves you at {hold.rule.until} or less")))
                hold = None  # this is the session the athlete rates next
            if session is not None and frame.loading:
                if session.date < today and book.missed(session):
                    e = book.entry(session)
                    assert e is not None
                    missed.append(e)
                elif session.date != skipped:
                    held += 1
            working[i] = dose
    # the re-planned plan
    changed = {a.date for a in adjustments if a.rule in SWAPPING}  # the back-off's swaps
    cut = frozenset(i for i, w in enumerate(weeks)
                    if any(w.start <= d <= w.end for d in changed))
    split = next((i for i, w in enumerate(weeks) if w.start < today <= w.end), None)
    strength = {} if split is None else {split: tuple(
        s.date for s in weeks[split].sessions if s.kind == "strength"
        and swaps.get(s.date) != "rest")}
    steering = Steering(tuple(minutes), tuple(working), retest, swaps, cut, strength)
    new = _build(profile, doses, steering, curve)
    if retest is not None and new.paces == plan.paces:  # its paces fit no descent
        retest = None
        steering = replace(steering, retest=None)
        adjustments = [a for a in adjustments if a.rule != RETEST]
    woven = _weave(plan, new, today, swaps, retest)
    if split is not None:  # measure the weeks after against the week as it is kept
        steering = replace(steering, ran={split: _training(woven.weeks[split])})
        new = _build(profile, doses, steering, curve)
        woven = _weave(plan, new, today, swaps, retest)
    adjustments += _dose_notes(plan, woven, today, drops, missed)
    adjustments.sort(key=lambda a: a.date)
    woven_weeks = tuple(_refocus(w, adjustments) for w in woven.weeks)
    warnings = plan.warnings + tuple(w for w in new.warnings
                                     if w.code not in {x.code for x in plan.warnings})
    return replace(woven, weeks=woven_weeks, warnings=warnings,
                   adjustments=tuple(adjustments))


def _build(profile: Profile, doses: Doses | None, steering: Steering, curve: list[int]) -> Plan:
    """The re-planned plan; where a week capped after a missed one is too small for its
    required runs (the lowest volumes), the plan's own minutes instead; where a retest's
    paces leave a dose nowhere to run on the athlete's descents, the paces as they were
    (the caller drops the retest then)."""
    try:
        return make_plan(profile, doses, steering)
    except AssertionError:
        pass
    try:
        return make_plan(profile, doses, replace(steering, minutes=tuple(curve)))
    except AssertionError:
        if steering.retest is None:
            raise
    return make_plan(profile, doses, replace(steering, minutes=tuple(curve), retest=None))


def _what(s: Session, swap: Swap) -> str:
    if swap == "rest":
        return f"no running on {s.date.isoformat()} (the {s.kind.replace('_', ' ')})"
    if swap == "jog":
        return f"the {s.kind.replace('_', ' ')} becomes a very easy jog"
    if s.kind == "downhill_tempo":
        return "the next downhill session becomes an easy run on the flat"
    return f"the {s.kind.replace('_', ' ')} session becomes an easy run"


def _weave(plan: Plan, new: Plan, today: date, swaps: dict[date, Swap],
           retest: Paces | None) -> Plan:
    """The plan's weeks before ``today`` and the new plan's from it. The week ``today``
    falls in stays as planned but for the back-off's swaps from ``today`` on and the new
    downhill dose (its session as long as planned: a smaller dose cools down longer)."""
    weeks = []
    for old, fresh in zip(plan.weeks, new.weeks, strict=True):
        if old.end < today:
            weeks.append(old)
        elif old.start >= today:
            weeks.append(fresh)
        else:
            weeks.append(_split_week(plan, old, fresh, today, swaps, retest))
    return replace(plan, weeks=tuple(weeks))


def _split_week(plan: Plan, old: Week, fresh: Week, today: date,
                swaps: dict[date, Swap], retest: Paces | None) -> Week:
    ahead = {d: swap for d, swap in swaps.items() if old.start <= d <= old.end and d >= today}
    paces = new_paces = plan.paces if retest is None else retest
    runs, dose = swap_runs([s for s in old.sessions if s.kind in RUNS], old.downhill, ahead,
                           paces)
    session = _downhill(fresh)
    kept = next((s for s in runs if s.kind == "downhill_tempo"), None)
    if (kept is not None and kept.date >= today and session is not None
            and fresh.downhill is not None and fresh.downhill != dose):
        dose = fresh.downhill
        anatomy = S.anatomy_for(_training(old))
        extra = max(0, kept.minutes - S.downhill_minutes(dose, anatomy))
        runs = [S.downhill_session(kept.date, dose, anatomy, new_paces, kept.blocks,
                                   extra_minutes=extra) if s is kept else s for s in runs]
    if new_paces != plan.paces:  # a retest: the runs from today on take its paces
        runs = [_retargeted(s, fresh, new_paces) if s.date >= today else s for s in runs]
    rest = {d for d, swap in ahead.items() if swap == "rest"}
    others = [s for s in old.sessions
              if s.kind not in RUNS and not (s.kind == "strength" and s.date in rest)]
    busy = {s.date for s in runs} | {s.date for s in others if s.kind == "mobility"}
    others += [S.mobility_session(d) for d in sorted(rest) if d not in busy
               and any(s.date == d for s in old.sessions)]
    sessions = tuple(sorted(runs + others, key=lambda s: (
        s.date, s.kind in ("strength", "mobility"), s.kind == "mobility")))
    return replace(old, sessions=sessions, downhill=dose,
                   planned_minutes=sum(s.minutes for s in sessions if s.kind in RUNS))


def _retargeted(s: Session, fresh: Week, paces: Paces | None) -> Session:
    """A run of the week ``today`` falls in, with a retest's paces: the re-planned week's
    session of the same day, kind and length, or an easy run's new target."""
    same = next((f for f in fresh.sessions if (f.date, f.kind, f.minutes)
                 == (s.date, s.kind, s.minutes)), None)
    if same is not None:
        return same
    if s.kind in ("easy", "long") and len(s.steps) == 1 and s.title in ("Easy run", "Long run"):
        return S.easy_session(s.date, s.minutes, paces, kind=s.kind, blocks=s.blocks)
    return s


def _dose_notes(plan: Plan, woven: Plan, today: date, drops: list[Rated],
                missed: list[DiaryEntry]) -> list[Adjustment]:
    """Adjustments for dose changes the diary's history caused: steps back, sessions missed,
    and the lower peak that may follow."""
    pairs = [(o.downhill, n.downhill, n) for o, n in zip(plan.weeks, woven.weeks, strict=True)
             if n.downhill is not None and o.downhill is not None]
    future = [(o, n, w) for o, n, w in pairs if (_downhill(w) or w.sessions[0]).date >= today]
    changed = next((w for o, n, w in future if (o.grade_pct, o.reps, o.rep_seconds)
                    != (n.grade_pct, n.reps, n.rep_seconds)), None)
    if changed is None:
        return []
    day = (_downhill(changed) or changed.sessions[0]).date
    out = [Adjustment(day, r.rule.name, f"{r.line}: the working dose went one step down")
           for r in drops]
    out += [Adjustment(day, MISSED_SESSION, f"{e.line()}: a missed downhill session does not"
                       " count toward the weeks a dose is held") for e in missed]
    tops = [(o, n) for (o, n, w) in pairs if not w.deload and w.phase != "taper"]
    old, new = (Dose(d.grade_pct, d.reps, d.rep_seconds) for d in tops[-1]) if tops else (
        None, None)
    if old is not None and new is not None and new != old and _le(new, old):
        out.append(Adjustment(day, LOWER_PEAK, (
            f"after a step back the rises resume two weeks apart: the plan peaks at"
            f" {dose_text(new)} instead of {dose_text(old)}")))
    return out


def _refocus(week: Week, adjustments: list[Adjustment]) -> Week:
    rules = list(dict.fromkeys(a.rule for a in adjustments if week.start <= a.date <= week.end))
    if not rules:
        return week
    return replace(week, focus=f"Re-planned from your diary ({', '.join(rules)}). {week.focus}")


__all__ = ["RULES", "Rated", "rated", "ratings_of", "replan"]
