"""The booklet.plan/3 document: valid against the shipped schema, JSON-ready, deterministic."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings

from booklet.errors import ProfileError
from booklet.plan import SCHEMA_ID, Profile, make_plan, plan_to_dict

from ..support.sample_profiles import ADVANCED, BEGINNER, MILES, NO_RESULT, profiles

SCHEMA = json.loads((files("booklet") / "plan" / "plan.schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def document(data: dict) -> dict:
    return plan_to_dict(make_plan(Profile(**data)))


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["schema"]["const"] == SCHEMA_ID


@pytest.mark.parametrize("data", [BEGINNER, MILES, ADVANCED, NO_RESULT])
def test_example_plans_validate(data):
    doc = document(data)
    VALIDATOR.validate(doc)
    assert json.loads(json.dumps(doc)) == doc


def test_the_schema_rejects_what_it_should():
    doc = document(ADVANCED)
    doc["weeks"][0]["phase"] = "recovery"
    assert not VALIDATOR.is_valid(doc)
    doc = document(ADVANCED)
    doc["weeks"][0]["sessions"][0]["colour"] = "red"
    assert not VALIDATOR.is_valid(doc)
    doc = document(ADVANCED)
    del doc["paces"]
    assert not VALIDATOR.is_valid(doc)


def test_json_is_deterministic():
    first = json.dumps(document(ADVANCED), sort_keys=False, ensure_ascii=False)
    assert json.dumps(document(ADVANCED), sort_keys=False, ensure_ascii=False) == first


def test_json_stays_si_in_miles():
    miles = document(MILES)
    km = document({**MILES, "units": "km"})
    assert miles["athlete"]["units"] == "mi"
    miles["athlete"]["units"] = "km"
    assert miles == km


def test_without_a_race_result_paces_and_targets_are_null():
    doc = document(NO_RESULT)
    assert doc["paces"] is None and doc["race"] is None
    assert all(w["downhill"]["target_s_per_km"] is None for w in doc["weeks"])
    assert all(w["downhill"]["rpe"] == [6, 7] for w in doc["weeks"])


# validating a 24-week document takes ~80 ms, so fewer examples here than elsewhere
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_every_plan_document_validates(profile):
    try:
        plan = make_plan(profile)
    except ProfileError:
        assume(False)
    doc = plan_to_dict(plan)
    VALIDATOR.validate(doc)
    assert json.loads(json.dumps(doc)) == doc
    assert plan_to_dict(make_plan(profile)) == doc


def test_a_replanned_plan_validates_with_its_adjustments():
    from datetime import timedelta

    from booklet.plan.diary import DiaryEntry
    from booklet.plan.replan import replan

    profile = Profile(**BEGINNER)
    day = [s.date for s in make_plan(profile).sessions if s.kind == "downhill_tempo"][3]
    diary = [DiaryEntry(day, "downhill_tempo", done=True, soreness_48h=4, soreness_72h=3),
             DiaryEntry(day + timedelta(days=1), "test", done=True, notes="3 km in 13:10")]
    doc = plan_to_dict(replan(profile, diary, day + timedelta(days=3)))
    VALIDATOR.validate(doc)
    rules = {a["rule"] for a in doc["adjustments"]}
    assert {"Skip the next downhill", "Retest"} <= rules
    assert next(a for a in doc["adjustments"] if a["rule"] == "Retest")["paces"]["vdot"] > 0
    assert document(BEGINNER)["adjustments"] == []
    del doc["adjustments"][0]["rule"]
    assert not VALIDATOR.is_valid(doc)
