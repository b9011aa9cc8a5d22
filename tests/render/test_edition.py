"""What the pages show of a re-planned plan: the booklet's view with the diary notes, the
site's without them (in the log and in the reasons that quote a diary line) unless the
athlete shares them."""

from __future__ import annotations

import shutil
from dataclasses import replace

from booklet.project import load_athlete
from booklet.render.diary_edition import edition_view

from ..builder.test_edition import EDITION, NOTE, ana_diary
from ..support.example import EXAMPLE


def ana(tmp_path):
    root = tmp_path / "club"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    ana_diary(root)
    return load_athlete(root / "athletes" / "ana-ruiz.yaml", today=EDITION)


def test_the_booklet_view_quotes_the_notes_and_the_site_view_does_not(tmp_path):
    athlete = ana(tmp_path)
    private, public = edition_view(athlete, public=False), edition_view(athlete, public=True)
    assert private.date == public.date == EDITION and private.notes and not public.notes
    assert any(NOTE in c.reason for c in private.changes)
    assert not any(NOTE in c.reason for c in public.changes)
    assert [c.rule for c in private.changes] == [c.rule for c in public.changes]
    assert all("soreness 2/3/3 at 24/48/72 h (soreness persists" in c.reason
               for c in public.changes if c.rule == "Skip the next downhill")
    rated = public.logged_on(EDITION.replace(day=26), "downhill_tempo")
    assert (rated.mark, rated.minutes, rated.rpe, rated.soreness, rated.notes) == (
        "✓", 45, 6, "2/3/3", "")
    assert private.logged_on(EDITION.replace(day=26), "downhill_tempo").notes == NOTE
    assert public.logged_on(EDITION.replace(day=28), "quality").mark == "✗"


def test_an_athlete_who_shares_notes_has_them_on_the_site(tmp_path):
    athlete = ana(tmp_path)
    sharing = replace(athlete, profile=athlete.profile.model_copy(update={"share_notes": True}))
    assert edition_view(sharing, public=True).notes
    assert any(NOTE in c.reason for c in edition_view(sharing, public=True).changes)


def test_no_diary_no_edition():
    assert edition_view(load_athlete(EXAMPLE / "athletes" / "ana-ruiz.yaml", today=EDITION),
                        public=True) is None
