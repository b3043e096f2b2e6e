"""Web benchmark: latency of the logs list (plain, filtered, searched) and of a log's pages with
100,000 logs stored in PostgreSQL, served by gunicorn as in production.

    .venv/bin/python bench/web.py [--logs 100000] [--requests 200]
        [--database postgres://postgres@127.0.0.1:5432/caselog_bench]

The database is created, migrated and filled the first time (about a minute); later runs
reuse it while it holds the number of logs asked for. Logs are made through the gateway
from the definition's synthetic logs (a couple of hundred), then copied in bulk with their
own tenant codes, postcodes, dates and organisations, so the table holds what real logs
hold: answers, derived values, status, errors and an audit event each.

Requests go one after another over HTTP from this process to gunicorn (2 workers), signed
in as a data provider of the largest organisation (40% of the logs) and as a support user
who sees them all. Each URL is requested a few times to warm up, then --requests times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 1)


def setup_django(database: str) -> None:
    os.environ.update(DATABASE_URL=database, SECRET_KEY="bench-only", DJANGO_SETTINGS_MODULE="caselog.settings",
                      ALLOWED_HOSTS="127.0.0.1,localhost,testserver", SECURE_COOKIES="false")
    import django

    django.setup()


def ensure_database(database: str) -> None:
    import psycopg

    name = database.rsplit("/", 1)[1]
    admin = database.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(count: int, seed_value: int = 1) -> dict:
    """Organisations, a provider and a support user, and `count` logs."""
    from django.core.management import call_command
    from django.db import transaction
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from caselog.accounts.models import DataSharingAgreement, Organisation, User
    from caselog.definitions.registry import get_definition
    from caselog.engine.synthetic import synthetic_log
    from caselog.gateway import Source, create_log
    from caselog.logs.models import AuditEvent, Log, compact_postcode

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # production serves hashed names
    orgs = []
    for i in range(60):
        org, _ = Organisation.objects.get_or_create(provider_code=f"BENCH{i}", defaults={
            "name": "Bench Homes" if i == 0 else f"Bench Housing {i}", "type": "private_registered_provider"})
        DataSharingAgreement.objects.get_or_create(organisation=org, defaults={
            "signatory_name": "Dee", "signatory_email": "dpo@example.com", "version": "2026"})
        orgs.append(org)
    provider = User.objects.filter(email="provider@bench.example").first() or User.objects.create_user(
        "provider@bench.example", "bench-password", name="Pat Provider", organisation=orgs[0])
    support = User.objects.filter(email="support@bench.example").first() or User.objects.create_user(
        "support@bench.example", "bench-password", name="Sam Support", organisation=orgs[1], role="support")
    TOTPDevice.objects.get_or_create(user=support, defaults={"name": "app", "confirmed": True})

    have = Log.objects.live().count()
    if have != count:
        # a different size asked for: start again (the audit trail is append-only, so raw)
        AuditEvent.objects.all()._raw_delete(AuditEvent.objects.db)
        Log.objects.all()._raw_delete(Log.objects.db)
        rng = random.Random(seed_value)
        templates = []
        for collection in ("core-lettings", "core-lettings", "core-lettings", "core-sales"):
            compiled = get_definition(collection, 2026)
            for _ in range(60):
                answers = synthetic_log(compiled, rng, TODAY, confirm_checks=True)
                answers.update(owning_organisation_id=str(orgs[0].pk), managing_organisation_id=str(orgs[0].pk),
                               assigned_to_id=str(provider.pk))
                answers.pop("scheme_id", None)
                answers.pop("location_id", None)
                answers["needstype"] = 1 if collection == "core-lettings" else answers.get("needstype")
                log, _ = create_log(collection, 2026, Source("system", provider), owning_organisation=orgs[0],
                                    answers=answers, today=TODAY)
                templates.append(log)
        rows = []
        start = dt.date(2026, 4, 1)
        for n in range(count):
            base = rng.choice(templates)
            org = orgs[0] if rng.random() < 0.4 else rng.choice(orgs[1:])
            answers = dict(base.answers)
            code = f"T{n:06d}"
            when = (start + dt.timedelta(days=rng.randrange(0, 230))).isoformat()
            answers.update(owning_organisation_id=str(org.pk), managing_organisation_id=str(org.pk))
            if base.collection == "core-lettings":
                answers.update(tenancycode=code, startdate=when,
                               postcode_full=f"LS{rng.randrange(1, 30)} {rng.randrange(1, 9)}{rng.choice('ABDEFGH')}{rng.choice('JLNPQRS')}")
            else:
                answers.update(purchid=code, saledate=when)
            rows.append(Log(collection=base.collection, year=2026, owning_organisation=org, managing_organisation=org,
                            created_by=provider, assigned_to=provider if org == orgs[0] else None, status=base.status,
                            answers=answers, derived=base.derived, sources={}, errors=base.errors,
                            warnings=base.warnings, error_count=base.error_count, warning_count=base.warning_count,
                            provider_reference=code, property_reference=base.property_reference,
                            postcode=compact_postcode(answers.get("postcode_full"))))
        with transaction.atomic():
            for i in range(0, len(rows), 5000):
                made = Log.objects.bulk_create(rows[i:i + 5000])
                events = [AuditEvent(log=log, actor=provider, channel="upload" if rng.random() < 0.3 else "web",
                                     action="created", changes={}) for log in made]
                AuditEvent.objects.bulk_create(events)
            # the logs made through the gateway are templates, not part of the count
            Log.objects.filter(pk__in=[t.pk for t in templates]).update(deleted_at=dt.datetime.now(dt.UTC))
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"provider": provider, "support": support, "big": orgs[0]}


def session_cookie(user) -> str:
    """A signed-in session for the user (with two-factor authentication given, where needed)."""
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from caselog.accounts.sessions import SIGNED_IN_AT

    client = Client()
    client.force_login(user)
    session = client.session
    session[SIGNED_IN_AT] = time.time()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device:
        session["otp_device_id"] = device.persistent_id
    session.save()
    return f"sessionid={session.session_key}"


def timed(url: str, cookie: str, n: int, warm: int = 5) -> list[float]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    times = []
    for i in range(warm + n):
        began = time.perf_counter()
        with urllib.request.urlopen(request) as response:
            response.read()
            if response.status != 200 or response.geturl() != url:
                raise SystemExit(f"{url} answered {response.status} at {response.geturl()}")
        if i >= warm:
            times.append((time.perf_counter() - began) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--logs", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/caselog_bench")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    ensure_database(args.database)
    setup_django(args.database)
    began = time.perf_counter()
    people = seed(args.logs)
    print(f"seeded in {time.perf_counter() - began:.0f} s", file=sys.stderr)

    from caselog.logs.models import Log

    log = Log.objects.live().filter(owning_organisation=people["big"], collection="core-lettings").order_by("pk")[500]
    code = log.provider_reference
    postcode = log.answers.get("postcode_full", "")
    base = f"http://127.0.0.1:{args.port}"
    scenarios = [
        ("provider", "logs list, first page", "/logs"),
        ("provider", "logs list, filtered (lettings 2026, in progress)", "/logs?collection=core-lettings&year=2026&status=in_progress"),
        ("provider", "logs list, searched by tenant code", f"/logs?q={code}"),
        ("provider", "logs list, searched by postcode", f"/logs?q={postcode.replace(' ', '+')}"),
        ("provider", "logs list, page 50", "/logs?page=50"),
        ("support", "logs list, all 100,000, first page", "/logs"),
        ("support", "logs list, all, filtered by status", "/logs?status=completed"),
        ("provider", "a log's task list", f"/logs/{log.pk}"),
        ("provider", "a question page", f"/logs/{log.pk}/tenancy-start-date"),
        ("provider", "a subsection's check answers", f"/logs/{log.pk}/household-characteristics/check-answers"),
    ]
    cookies = {role: session_cookie(people[role]) for role in ("provider", "support")}
    env = {**os.environ, "DEBUG": "false"}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "caselog.wsgi", "-b", f"127.0.0.1:{args.port}", "-w", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz").read()
                break
            except OSError:
                time.sleep(0.2)
        print(f"\n{args.logs:,} logs, {args.requests} requests each\n")
        print("| who | page | p50 ms | p95 ms | max ms |")
        print("| --- | --- | ---: | ---: | ---: |")
        for role, label, path in scenarios:
            times = sorted(timed(base + path, cookies[role], args.requests))
            p95 = times[int(0.95 * (len(times) - 1))]
            print(f"| {role} | {label} | {statistics.median(times):.0f} | {p95:.0f} | {times[-1]:.0f} |")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
