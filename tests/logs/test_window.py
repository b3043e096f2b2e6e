"""A collection year's dates decide when logs can be started and changed, for every channel."""

import datetime as dt
from types import SimpleNamespace

from caselog.logs.window import (
    accepts_new_logs,
    deadline_near,
    is_editable,
    years_open_for_new_logs,
)

LOG = SimpleNamespace(collection="core-lettings", year=2026)


def test_new_logs_can_be_started_from_the_start_until_the_new_logs_end_date():
    assert not accepts_new_logs("core-lettings", 2026, dt.date(2026, 3, 31))
    assert accepts_new_logs("core-lettings", 2026, dt.date(2026, 4, 1))
    assert accepts_new_logs("core-lettings", 2026, dt.date(2027, 7, 3))
    assert not accepts_new_logs("core-lettings", 2026, dt.date(2027, 7, 4))
    assert years_open_for_new_logs("core-lettings", dt.date(2026, 11, 23)) == [2026]
    assert years_open_for_new_logs("core-lettings", dt.date(2027, 8, 1)) == []


def test_logs_are_read_only_after_the_edit_end_date():
    assert is_editable(LOG, dt.date(2027, 7, 31))
    assert not is_editable(LOG, dt.date(2027, 8, 1))


def test_a_notice_comes_in_the_four_weeks_before_the_submission_deadline():
    assert deadline_near("core-lettings", dt.date(2027, 5, 6)) is None
    near = deadline_near("core-lettings", dt.date(2027, 5, 20))
    assert (near.date, near.days_left, near.year) == (dt.date(2027, 6, 4), 15, 2026)
    assert deadline_near("core-lettings", dt.date(2027, 6, 5)) is None
