"""Display helpers: paces, distances, durations and grades in the athlete's units (pure)."""

from __future__ import annotations

METRES_PER_MILE = 1609.344
FEET_PER_METRE = 3.28084
#: Day names as pages and exports show them, whatever the locale says.
DAY_NAMES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _per_unit(s_per_km: float, units: str) -> float:
    return s_per_km * METRES_PER_MILE / 1000.0 if units == "mi" else s_per_km


def _mmss(seconds: float) -> str:
    total = round(seconds)
    return f"{total // 60}:{total % 60:02d}"


def format_pace(s_per_km: float, units: str = "km") -> str:
    """4:15 /km, or 6:50 /mi."""
    return f"{_mmss(_per_unit(s_per_km, units))} /{units}"


def format_pace_range(s_per_km: tuple[float, float] | list[float], units: str = "km") -> str:
    """4:56–5:34 /km (fast end first); a collapsed range prints as one pace."""
    lo, hi = sorted(_per_unit(v, units) for v in s_per_km)
    if round(lo) == round(hi):
        return f"{_mmss(lo)} /{units}"
    return f"{_mmss(lo)}–{_mmss(hi)} /{units}"


def format_distance(metres: float, units: str = "km") -> str:
    """400 m / 5.0 km, or 0.25 mi / 3.1 mi."""
    if units == "mi":
        miles = metres / METRES_PER_MILE
        return f"{miles:.2f} mi" if miles < 1 else f"{miles:.1f} mi"
    return f"{round(metres)} m" if metres < 1000 else f"{metres / 1000:.1f} km"


def format_elevation(metres: float, units: str = "km") -> str:
    """Height gained or lost: 24 m, or 79 ft."""
    if units == "mi":
        return f"{round(metres * FEET_PER_METRE)} ft"
    return f"{round(metres)} m"


def format_minutes(minutes: float) -> str:
    """45 min, or 1 h 05 min."""
    total = round(minutes)
    hours, mins = divmod(total, 60)
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def format_seconds(seconds: float) -> str:
    """A step's length: 45 s, 90 s, 10 min, 2 min 30 s, 1 h 05 min."""
    total = round(seconds)
    if total < 120:
        return f"{total} s"
    minutes, secs = divmod(total, 60)
    if secs:
        return f"{minutes} min {secs} s"
    return format_minutes(minutes)


def format_grade(grade_pct: float) -> str:
    """A descent's grade: −3%, −3.5% (Unicode minus)."""
    text = f"{grade_pct:.1f}".removesuffix(".0")
    return f"−{text}%"


def format_clock(seconds: float) -> str:
    """Seconds as h:mm:ss or m:ss."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_slope(grade_pct: float) -> str:
    """A course's grade with its sign: +2.5% up, −4% down, 0% (Unicode minus)."""
    text = f"{abs(grade_pct):.1f}".removesuffix(".0")
    if text == "0":
        return "0%"
    return f"{'+' if grade_pct > 0 else '−'}{text}%"
