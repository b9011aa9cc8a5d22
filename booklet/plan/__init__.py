"""The plan: a validated runner profile in, a week-by-week ``Plan`` out (pure: no files).

``profile`` validates a runner; ``engine.make_plan`` turns it into a ``Plan`` (``model``) in
steps: ``paces`` (VDOT and training paces), ``days`` (which day does what), ``season``
(phases, deloads and weekly minutes), ``progression`` (the downhill dose week by week),
``minutes`` (a week's minutes shared between its runs) and ``sessions`` (the steps of each
session); ``catalogue`` names the content blocks sessions refer to and ``units`` formats
numbers for people. ``rules.check_plan`` checks a finished plan against the coaching rules,
whose numbers live in ``limits``. This package may import only ``booklet.errors`` and pydantic:
no files, templates, command line or PDF.
"""

from .engine import make_plan
from .model import (
    HARD_KINDS,
    KIND_LABELS,
    PHASES,
    RUN_KINDS,
    SCHEMA_ID,
    AthleteRef,
    DownhillDose,
    Paces,
    Plan,
    RaceRef,
    Session,
    Step,
    Target,
    Week,
    plan_to_dict,
)
from .profile import ID_RE, LEVELS, WEEKDAYS, Profile
from .rules import check_plan

__all__ = [
    "HARD_KINDS", "ID_RE", "KIND_LABELS", "LEVELS", "PHASES", "RUN_KINDS", "SCHEMA_ID",
    "WEEKDAYS", "AthleteRef", "DownhillDose", "Paces", "Plan", "Profile", "RaceRef", "Session",
    "Step", "Target", "Week", "check_plan", "make_plan", "plan_to_dict",
]
