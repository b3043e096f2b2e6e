"""`caselog demo` seeds organisations, users and realistic logs through the gateway."""

import datetime as dt

import pytest

from caselog.cli.demo import seed_demo
from caselog.logs.models import Log


@pytest.mark.django_db
def test_demo_makes_lettings_and_sales_logs_in_every_status_with_soft_checks():
    made = seed_demo(40, seed=7, today=dt.date(2026, 11, 1))
    assert made == 40
    logs = Log.objects.all()
    assert {"core-lettings", "core-sales"} <= set(logs.values_list("collection", flat=True))
    statuses = set(logs.values_list("status", flat=True))
    assert {"completed", "in_progress"} <= statuses
    assert logs.filter(warning_count__gt=0).exists() or logs.exclude(warnings=[]).exists()
    assert all(log.audit_events.exists() for log in logs)
    assert seed_demo(5, seed=1) == 0  # already loaded: nothing is added twice
