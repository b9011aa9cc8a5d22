"""The content blocks and strength exercises the engine may refer to, by level.

Block ids name Markdown files under content/ (``technique/posture`` is
content/technique/posture.md); a test elsewhere checks every one of them exists.
"""

from __future__ import annotations

TECHNIQUE = (
    "technique/posture",
    "technique/step-length-and-cadence",
    "technique/foot-strike",
    "technique/arm-swing",
    "technique/effort-and-pace",
)
WARMUP = (
    "warmup/easy-running",
    "warmup/leg-swings",
    "warmup/high-knees",
    "warmup/walking-lunges",
    "warmup/ankle-dribbles",
    "warmup/downhill-strides",
)
COOLDOWN = (
    "cooldown/easy-jog-walk",
    "cooldown/calf-stretch",
    "cooldown/quad-stretch",
    "cooldown/hip-flexor-stretch",
)
FIRST_WEEK = (
    "safety/choosing-a-descent",
    "safety/surfaces-to-avoid",
    "safety/shoes",
    "diary/what-to-log",
    "diary/effort-scale",
)
SECOND_WEEK = ("safety/uneven-ground", "diary/soreness-scale")
RISE = ("planning/progression", "diary/back-off-rules")
DELOAD = ("planning/seasons-and-deloads",)
TAPER = ("planning/taper",)
FRAME = ("planning/weekly-frame",)
QUALITY = ("technique/effort-and-pace", "diary/effort-scale")
LONG = ("recovery/fuelling-and-hydration",)
AFTER_DOWNHILL = ("recovery/soreness-timeline",)
RACE = ("planning/downhill-races", "planning/taper", "recovery/fuelling-and-hydration")
MOBILITY = ("recovery/rest-day-mobility", "cooldown/foam-rolling", "recovery/sleep")
BETWEEN_REPS = ("recovery/between-reps",)
RETEST = ("planning/retest", "technique/effort-and-pace", "diary/what-to-log")

#: Strength exercises: (slug, plyometric, levels). Plyometrics only in build/peak weeks.
EXERCISES: tuple[tuple[str, bool, frozenset[str]], ...] = (
    ("calf-raise", False, frozenset({"beginner", "intermediate", "advanced"})),
    ("single-leg-calf-raise", False, frozenset({"intermediate", "advanced"})),
    ("hamstring-curl", False, frozenset({"beginner", "intermediate", "advanced"})),
    ("glute-bridge", False, frozenset({"beginner", "intermediate", "advanced"})),
    ("single-leg-glute-bridge", False, frozenset({"intermediate", "advanced"})),
    ("step-down", False, frozenset({"beginner", "intermediate", "advanced"})),
    ("drop-landing", True, frozenset({"beginner", "intermediate", "advanced"})),
    ("lateral-bound", True, frozenset({"intermediate", "advanced"})),
)
PLYOMETRIC = frozenset(slug for slug, plyo, _ in EXERCISES if plyo)


def referenced_block_ids(level: str) -> tuple[str, ...]:
    """Every content block a plan for this level can refer to."""
    fixed = (
        TECHNIQUE + WARMUP + COOLDOWN + FIRST_WEEK + SECOND_WEEK + RISE + DELOAD + TAPER
        + FRAME + QUALITY + LONG + AFTER_DOWNHILL + RACE + MOBILITY + BETWEEN_REPS + RETEST
    )
    strength = tuple(f"strength/{slug}" for slug, _, levels in EXERCISES if level in levels)
    return tuple(dict.fromkeys(fixed + strength))


ENGINE_BLOCK_IDS: dict[str, tuple[str, ...]] = {
    level: referenced_block_ids(level) for level in ("beginner", "intermediate", "advanced")
}
