"""The diary file: the template's columns, a strict reader with file, row and column in
every error, FIT activities from the watch merged in, and no diary ever rewritten."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from garmin_fit_sdk import Encoder, Profile

from booklet.errors import BookletError
from booklet.plan import Profile as RunnerProfile
from booklet.plan import make_plan
from booklet.plan.diary import COLUMNS, DiaryEntry, merge, template
from booklet.project.activities import activity_entries, read_activities
from booklet.project.diary import (
    diary_csv,
    diary_path,
    diary_with_activities,
    read_diary,
    save_new,
)

from ..support.sample_profiles import BEGINNER, MILES

PLAN = make_plan(RunnerProfile(**BEGINNER))
HEADER = ",".join(COLUMNS)


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "ana.diary.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(BookletError) as info:
        read_diary(path)
    return [str(p) for p in info.value.problems]


def test_the_template_has_exactly_the_columns_and_a_row_per_session(tmp_path):
    text = diary_csv(template(PLAN))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(COLUMNS) == [
        "date", "kind", "title", "planned_minutes", "done", "minutes", "rpe", "soreness_24h",
        "soreness_48h", "soreness_72h", "fatigue", "notes"]
    assert len(rows) - 1 == len(PLAN.sessions)
    first = PLAN.sessions[0]
    assert rows[1][:4] == [first.date.isoformat(), first.kind, first.title, str(first.minutes)]
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    assert read_diary(path) == [
        DiaryEntry(s.date, s.kind, s.title, s.minutes, row=i)
        for i, s in enumerate(PLAN.sessions, start=2)]


def test_a_logged_row_reads_back(tmp_path):
    entry = DiaryEntry(date(2027, 1, 5), "downhill_tempo", "Downhill", 39, True, 41, 6,
                       2, 3, 2, False, 'quads, "wet" leaves')
    path = tmp_path / "roundtrip.diary.csv"
    path.write_text(diary_csv([entry]), encoding="utf-8")
    assert read_diary(path) == [DiaryEntry(**{**entry.__dict__, "row": 2})]


def test_bad_cells_are_each_reported_with_file_row_and_column(tmp_path):
    path = write(tmp_path,
                 "2027-01-05,downhill_tempo,,39,yes,41,6,1,3,2,,",
                 "2027-13-05,downhil_tempo,,39,maybe,41,11,1,7,2,tired,",
                 "2027-01-07,quality,,36,no,30,,,,,,",
                 "2027-01-05,downhill_tempo,,39,,,,,,,,")
    found = problems(path)
    assert f"{path}, row 3, column 'date': '2027-13-05' is not a date; write it as" \
           " YYYY-MM-DD, e.g. 2027-01-19" in found
    assert any("row 3, column 'kind'" in p and "did you mean 'downhill_tempo'?" in p
               for p in found)
    assert any("row 3, column 'done'" in p and "not yes or no" in p for p in found)
    assert any("row 3, column 'rpe'" in p and "0 to 10" in p for p in found)
    assert any("row 3, column 'soreness_48h'" in p and "0 to 6" in p for p in found)
    assert any("row 3, column 'fatigue'" in p for p in found)
    assert any("row 4, column 'minutes'" in p and "done is 'no'" in p for p in found)
    assert any("row 5, column 'date'" in p and "second downhill_tempo row" in p
               for p in found)
    assert not any(", row 2," in p for p in found)


def test_a_bad_header_names_the_column(tmp_path):
    header = HEADER.replace("soreness_48h", "sorenes_48h")
    found = problems(write(tmp_path, header=header))
    assert any("row 1, column 'sorenes_48h': unknown column; did you mean 'soreness_48h'?"
               in p for p in found)
    assert any("row 1, column 'soreness_48h': column missing" in p for p in found)


def test_a_row_with_too_many_cells(tmp_path):
    found = problems(write(tmp_path, "2027-01-05,easy,,30,yes,30,,,,,,wet, cold"))
    assert any("row 2" in p and "quote a note" in p for p in found)


def test_a_diary_is_never_overwritten(tmp_path):
    path = tmp_path / "d.csv"
    save_new(path, "one")
    with pytest.raises(BookletError, match="already exists"):
        save_new(path, "two")
    assert path.read_text() == "one"


def test_where_a_project_keeps_a_diary(tmp_path):
    profile = RunnerProfile(**BEGINNER)
    assert diary_path(tmp_path / "ana.yaml", profile) == tmp_path / "ana.diary.csv"
    moved = RunnerProfile(**{**BEGINNER, "diary": "logs/ana.csv"})
    assert diary_path(tmp_path / "ana.yaml", moved) == tmp_path / "logs" / "ana.csv"


# --- activities from the watch -----------------------------------------------------------

MESG = Profile["mesg_num"]


def enum(kind: str, name: str) -> int:
    return next(int(k) for k, v in Profile["types"][kind].items() if v == name)


def activity_fit(start: datetime, seconds: float, descent: int | None,
                 altitudes: list[float] = (), sport: str = "running",
                 local_offset_h: int = 1) -> bytes:
    """A FIT activity file (file type 4) as a watch writes one, made with the SDK's Encoder."""
    encoder = Encoder()
    encoder.write_mesg({"mesg_num": MESG["FILE_ID"], "type": enum("file", "activity"),
                        "manufacturer": enum("manufacturer", "development"), "product": 0,
                        "serial_number": 7, "time_created": start})
    for i, height in enumerate(altitudes):
        encoder.write_mesg({"mesg_num": MESG["RECORD"], "altitude": height,
                            "timestamp": start + timedelta(minutes=i)})
    end = start + timedelta(seconds=seconds)
    session = {"mesg_num": MESG["SESSION"], "start_time": start, "timestamp": end,
               "total_timer_time": seconds, "total_elapsed_time": seconds + 60,
               "sport": enum("sport", sport)}
    if descent is not None:
        session["total_descent"] = descent
    encoder.write_mesg(session)
    local = end.replace(tzinfo=None) + timedelta(hours=local_offset_h)
    encoder.write_mesg({"mesg_num": MESG["ACTIVITY"], "timestamp": end, "num_sessions": 1,
                        "local_timestamp": local})
    return encoder.close()


def test_runs_are_read_from_fit_activity_files(tmp_path):
    # 23:30 UTC is already the next day on a watch an hour ahead
    (tmp_path / "a.fit").write_bytes(activity_fit(datetime(2027, 1, 4, 23, 30, tzinfo=UTC),
                                                  2520, 84))
    (tmp_path / "b.fit").write_bytes(activity_fit(
        datetime(2027, 1, 7, 7, tzinfo=UTC), 1800, None, [120, 110, 112, 100, 101, 95]))
    (tmp_path / "ride.fit").write_bytes(activity_fit(
        datetime(2027, 1, 8, 7, tzinfo=UTC), 3600, 300, sport="cycling"))
    (tmp_path / "notes.txt").write_text("not an activity")
    runs = read_activities(tmp_path)
    assert [(a.day, a.minutes) for a in runs] == [(date(2027, 1, 5), 42), (date(2027, 1, 7), 30)]
    assert runs[0].descent_m == 84
    assert runs[1].descent_m == pytest.approx(10 + 12 + 6)  # the altitude records' falls


def test_a_file_that_is_not_fit_is_named(tmp_path):
    (tmp_path / "broken.fit").write_bytes(b"hello, not a FIT file")
    with pytest.raises(BookletError, match="broken.fit: is not a FIT file"):
        read_activities(tmp_path)


def test_activities_fill_blanks_and_keep_what_was_typed(tmp_path):
    downhill = next(s for s in PLAN.sessions if s.kind == "downhill_tempo")
    easy = next(s for s in PLAN.sessions if s.kind == "easy")
    typed = [DiaryEntry(downhill.date, "downhill_tempo", done=None, minutes=None,
                        soreness_48h=2, notes="quads"),
             DiaryEntry(easy.date, "easy", done=True, minutes=25, notes="")]
    for day in (downhill.date, easy.date):
        start = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=7)
        (tmp_path / f"{day}.fit").write_bytes(activity_fit(start, 2640, 60))
    merged = merge(typed, activity_entries(read_activities(tmp_path), "km"))
    assert merged[0].done is True and merged[0].minutes == 44
    assert merged[0].soreness_48h == 2 and merged[0].notes == "quads; watch: 44 min, descent 60 m"
    assert merged[1].minutes == 25  # typed stays
    diary = tmp_path / "ana.diary.csv"
    diary.write_text(diary_csv(typed), encoding="utf-8")
    before = diary.read_bytes()
    text = diary_with_activities(PLAN, diary, tmp_path)
    assert diary.read_bytes() == before  # the diary itself is never rewritten
    assert "watch: 44 min, descent 60 m" in text


def test_descent_in_the_athletes_units(tmp_path):
    start = datetime(2027, 1, 5, 7, tzinfo=UTC)
    (tmp_path / "a.fit").write_bytes(activity_fit(start, 1800, 100))
    plan = make_plan(RunnerProfile(**MILES))
    (entry,) = activity_entries(read_activities(tmp_path), plan.athlete.units)
    assert entry.notes == "watch: 30 min, descent 328 ft"
