"""Pacing science: Daniels-Gilbert VDOT, training paces, and the downhill grade factor (pure).

Speeds inside the Daniels-Gilbert equations are metres per minute and times are minutes, as
published (Oxygen Power, 1979); everything this module returns is seconds per kilometre.
"""

from __future__ import annotations

import math
from bisect import bisect_right

from .model import Paces

MARATHON_M = 42195.0

#: Training intensities as a share of VDOT, fitted to Daniels' published tables.
EASY_SHARE = (0.63, 0.73)
THRESHOLD_SHARE = 0.88
INTERVAL_SHARE = 0.974

#: Equal-effort pace factor by grade in percent (Strava's 2017 model).
GRADE_FACTORS: tuple[tuple[float, float], ...] = (
    (-10.0, 0.876), (-8.0, 0.876), (-6.0, 0.891), (-4.0, 0.918), (-2.0, 0.960), (0.0, 1.000),
    (2.0, 1.055), (4.0, 1.135), (6.0, 1.228), (8.0, 1.337), (10.0, 1.459),
)
_GRADES = [g for g, _ in GRADE_FACTORS]


def oxygen_cost(v_m_per_min: float) -> float:
    """VO2 (ml/kg/min) of running at a speed in metres per minute."""
    return -4.60 + 0.182258 * v_m_per_min + 0.000104 * v_m_per_min**2


def sustainable_fraction(t_min: float) -> float:
    """Share of VO2max that can be held for a race lasting ``t_min`` minutes."""
    return 0.8 + 0.1894393 * math.exp(-0.012778 * t_min) + 0.2989558 * math.exp(
        -0.1932605 * t_min
    )


def speed_at(vo2: float) -> float:
    """Inverse of oxygen_cost: the speed (metres per minute) that costs ``vo2``."""
    return (-0.182258 + math.sqrt(0.033218 + 0.000416 * (4.60 + vo2))) / 0.000208


def vdot(distance_m: float, seconds: float) -> float:
    """VDOT of a race result."""
    minutes = seconds / 60.0
    return oxygen_cost(distance_m / minutes) / sustainable_fraction(minutes)


def pace_at(vdot_value: float, share: float) -> float:
    """Seconds per kilometre at ``share`` of VDOT."""
    return 60_000.0 / speed_at(vdot_value * share)


def predict_seconds(vdot_value: float, distance_m: float) -> float:
    """The race time over ``distance_m`` that has this VDOT (bisection; VDOT falls with time)."""
    lo, hi = 60.0, 48 * 3600.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if vdot(distance_m, mid) > vdot_value:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def training_paces(vdot_value: float) -> Paces:
    """Easy (fast end first), marathon, threshold and interval paces for a VDOT."""
    return Paces(
        vdot=vdot_value,
        easy_s_per_km=(pace_at(vdot_value, EASY_SHARE[1]), pace_at(vdot_value, EASY_SHARE[0])),
        marathon_s_per_km=predict_seconds(vdot_value, MARATHON_M) / (MARATHON_M / 1000.0),
        threshold_s_per_km=pace_at(vdot_value, THRESHOLD_SHARE),
        interval_s_per_km=pace_at(vdot_value, INTERVAL_SHARE),
    )


def paces_from_race(distance_m: float, seconds: float) -> Paces:
    return training_paces(vdot(distance_m, seconds))


def grade_factor(grade_pct: float) -> float:
    """Pace multiplier for running at equal effort on a slope (negative grade = downhill).

    Linear interpolation in GRADE_FACTORS; beyond +-10% the end rows hold.
    """
    if grade_pct <= _GRADES[0]:
        return GRADE_FACTORS[0][1]
    if grade_pct >= _GRADES[-1]:
        return GRADE_FACTORS[-1][1]
    i = bisect_right(_GRADES, grade_pct) - 1
    (g0, f0), (g1, f1) = GRADE_FACTORS[i], GRADE_FACTORS[i + 1]
    return f0 + (f1 - f0) * (grade_pct - g0) / (g1 - g0)


def downhill_target_pace(threshold_s_per_km: float, grade_pct: float) -> float:
    """Pace for a downhill rep on a descent of ``grade_pct`` percent (given positive)."""
    return threshold_s_per_km * grade_factor(-abs(grade_pct))
