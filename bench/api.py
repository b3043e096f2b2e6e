"""Submission API benchmark: validated submissions (POST /api/v1/logs/validate, a dry run)
and stored ones (POST /api/v1/logs) a second, and their latency, under load from locust,
against gunicorn with production settings on PostgreSQL.

    .venv/bin/python bench/api.py [--users 4 8 16] [--seconds 30] [--warm-up 5] [--workers 3]
        [--scenarios validate create] [--redis-url redis://127.0.0.1:6379/13]
        [--database postgres://postgres@127.0.0.1:5432/caselog_bench_api] [--profile 300]

Needs requirements-bench.txt (locust); --redis-url also requirements-redis.txt. The
database (caselog_bench_api) is created and migrated if need be, with one organisation, one
data provider and a new API key that reads and writes (earlier bench keys are revoked); the
logs tables are emptied before each run, so do not point it at data you want to keep. The
rate limit is raised out of the way (API_REQUESTS_PER_MINUTE), but still counts every
request (auth.py, one upsert a request); everything else is as deployed: DEBUG off, the
database cache unless --redis-url.

Bodies are CORE 2026 general needs lettings made from the definition alone
(caselog.engine.synthetic) for the organisation, as tests/api/test_parity.py makes them:
--base logs drawn so most rules pass, then --bodies copies with three answers redrawn in
each, dates as ISO text, the organisation's and the provider's ids. Every request sends the
next body with a tenant code of its own.

Each scenario and number of users is one locust run (a process of its own, locust's Python
API, users sending one request after another with no wait) against one gunicorn (sync
workers): --warm-up seconds not counted, then --seconds measured. Besides locust's figures,
the CPU time that the gunicorn workers, PostgreSQL (this database's connections), locust and
everything else on the machine used in the measured seconds, per request, and the busiest
other processes: the machine may be shared. --profile N times N validate requests in this
process through Django's test client (no HTTP), stage by stage and under cProfile, and N
create requests with their queries. `--scenarios` with none given: only the profile.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

# subprocess, urllib and the like are imported where they are used: a locust run (--load)
# imports locust, which patches the standard library with gevent, before them

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATABASE = "postgres://postgres@127.0.0.1:5432/caselog_bench_api"
FILES = ROOT / "var" / "bench-api"
ORG_CODE = "BENCHAPI"
USER_EMAIL = "provider@benchapi.example"
KEY_NAME = "Bench load"
TENANT_CODE = "BENCHTENANCYCODE"  # in each body, replaced by a tenant code of its own per request
TENANT_CODE_PATTERN = re.compile(TENANT_CODE)
SCENARIOS = {  # name: (method and path, the status a request must get)
    "validate": ("/api/v1/logs/validate", 200),
    "create": ("/api/v1/logs", 201),
    "batch": ("/api/v1/logs/batch", 200),  # --batch new logs a request, stored through the table path
}


# setting up ------------------------------------------------------------------------------------

def django_ready(database: str) -> None:
    from bench.web import ensure_database, setup_django

    os.environ["DEBUG"] = "false"
    ensure_database(database)
    setup_django(database)


def people():
    """The organisation, its data provider and a new key that reads and writes."""
    from django.core.management import call_command
    from django.utils import timezone

    from caselog.accounts.models import DataSharingAgreement, Organisation, User
    from caselog.channels.api.models import ApiKey

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the rate limit's counters, without Redis
    org, _ = Organisation.objects.get_or_create(provider_code=ORG_CODE, defaults={
        "name": "Bench API Homes", "type": Organisation.Type.PRIVATE_REGISTERED_PROVIDER})
    DataSharingAgreement.objects.get_or_create(organisation=org, defaults={
        "signatory_name": "Dee", "signatory_email": "dpo@example.com", "version": "2026"})
    user = User.objects.filter(email=USER_EMAIL).first() or User.objects.create_user(
        USER_EMAIL, "bench-password", name="Pat Provider", organisation=org)
    ApiKey.objects.filter(organisation=org, name=KEY_NAME, revoked_at__isnull=True).update(revoked_at=timezone.now())
    secret = ApiKey.issue(org, KEY_NAME, ApiKey.Access.WRITE, user)[1]
    return org, user, secret


def make_bodies(org, user, base: int, count: int, seed: int) -> list[str]:
    """Request bodies (JSON text) of 2026 general needs lettings for the organisation."""
    import datetime as dt
    import random

    from caselog.definitions.registry import get_definition
    from caselog.engine.synthetic import draw_value, synthetic_log
    from caselog.gateway.context import log_context
    from caselog.logs.models import Log

    compiled = get_definition("core-lettings", 2026)
    today = dt.date.today()  # the service checks dates against today
    ids = {"owning_organisation_id": str(org.pk), "managing_organisation_id": str(org.pk), "assigned_to_id": str(user.pk)}
    context = log_context(Log(owning_organisation=org, managing_organisation=org), ids, compiled)
    rng = random.Random(seed)
    # the log's organisations and owner are answered first, as a system sends them (without
    # them the form asks nothing else); general needs, as the bench database has no schemes
    fixed = {**ids, "needstype": 1}
    bases = [synthetic_log(compiled, rng, today, context=context, fixed=fixed) for _ in range(base)]
    not_redrawn = {"needstype", "scheme_id", "location_id", "tenancycode", *ids}
    specs = [s for s in compiled.specs.values() if s.id not in not_redrawn]
    bodies = []
    for _ in range(count):
        answers = dict(rng.choice(bases))
        for spec in rng.sample(specs, 3):
            answers[spec.id] = draw_value(spec, compiled, rng, today)
        answers.update(ids, tenancycode=TENANT_CODE)
        answers.pop("scheme_id", None)
        answers.pop("location_id", None)
        answers = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in answers.items()}
        bodies.append(json.dumps({"collection": "core-lettings", "year": 2026, "answers": answers}))
    return bodies


def empty_logs() -> None:
    from django.db import connection

    from caselog.channels.api.models import IdempotentRequest
    from caselog.logs.models import AuditEvent, Log

    tables = ", ".join(m._meta.db_table for m in (AuditEvent, Log, IdempotentRequest))
    with connection.cursor() as cursor:
        idle = 0
        for _ in range(300):  # the requests gunicorn still had when locust stopped finish first
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid() AND state NOT IN ('idle')")
            idle = idle + 1 if cursor.fetchone()[0] == 0 else 0
            if idle == 5:
                break
            time.sleep(0.1)
        cursor.execute(f"TRUNCATE {tables} CASCADE")
        cursor.execute("DELETE FROM api_requestcount")  # the rate limit's old counts


def outcome_mix(base_url: str, secret: str, bodies: list[str], sample: int) -> dict:
    """What the service says of the first `sample` bodies: statuses, and bodies with errors
    and with soft checks (one request at a time; this also warms the workers)."""
    import urllib.request

    mix: dict = {"sample": 0, "statuses": {}, "with_errors": 0, "with_warnings": 0, "bytes_in": 0, "bytes_out": 0}
    for body in bodies[:sample]:
        data = body.replace(TENANT_CODE, "MIX0001").encode()
        request = urllib.request.Request(base_url + SCENARIOS["validate"][0], data=data, method="POST", headers={
            "Authorization": f"Bearer {secret}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            out = response.read()
        outcome = json.loads(out)
        mix["sample"] += 1
        mix["statuses"][outcome["status"]] = mix["statuses"].get(outcome["status"], 0) + 1
        mix["with_errors"] += bool(outcome["errors"])
        mix["with_warnings"] += bool(outcome["warnings"])
        mix["bytes_in"] += len(data)
        mix["bytes_out"] += len(out)
    return mix


def start_server(args, port: int):
    import subprocess
    import urllib.request

    static = FILES / "static"  # the API serves no static files: an empty folder, for whitenoise
    static.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DEBUG": "false", "API_REQUESTS_PER_MINUTE": str(10**9), "STATIC_ROOT": str(static)}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), args.wsgi, "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
         "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz").read()
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit("gunicorn did not start")
            time.sleep(0.2)
    stop_server(server)
    sys.exit("gunicorn did not answer /healthz")


def stop_server(server) -> None:
    """SIGTERM: gunicorn finishes the requests it has and stops its workers."""
    import subprocess

    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# one locust run (a process of its own: locust patches the standard library with gevent) -------

def cpu_seconds(server_pid: int, database: str, before: dict | None = None) -> dict:
    """CPU seconds used so far by gunicorn (master and workers), PostgreSQL's connections to
    the bench database, this process (locust), and the whole machine; with `before`, since then."""
    import psutil

    def used(process) -> float:
        try:
            t = process.cpu_times()
            return t.user + t.system
        except psutil.Error:
            return 0.0

    master = psutil.Process(server_pid)
    ours = {p.pid for p in [master, *master.children(recursive=True)]}
    now: dict = {"gunicorn": {}, "postgres": {}, "rest": {}}
    for p in psutil.process_iter(["name", "cmdline"]):
        title = " ".join(p.info["cmdline"] or [])
        if p.pid in ours:
            now["gunicorn"][p.pid] = used(p)
        elif p.info["name"] == "postgres" and f" {database} " in f"{title} ":
            now["postgres"][p.pid] = used(p)
        elif p.pid != os.getpid():
            now["rest"][p.pid] = (used(p), title[:60] or p.info["name"])
    machine = psutil.cpu_times()
    now.update(locust=used(psutil.Process()), machine=sum(machine) - machine.idle - getattr(machine, "iowait", 0.0))
    if before is None:
        return now
    out = {}
    for name in ("gunicorn", "postgres"):  # a process started meanwhile counts from nothing
        out[name] = sum(v - before[name].get(pid, 0.0) for pid, v in now[name].items())
    out["locust"] = now["locust"] - before["locust"]
    out["machine"] = now["machine"] - before["machine"]
    out["other"] = out["machine"] - out["gunicorn"] - out["postgres"] - out["locust"]
    rest = sorted(((v - before["rest"].get(pid, (0.0,))[0], title) for pid, (v, title) in now["rest"].items()), reverse=True)
    out["busiest_others"] = [f"{title} {seconds:.1f} s" for seconds, title in rest[:3] if seconds >= 0.5]
    return out


def run_load(args) -> None:
    """One scenario with one number of users: prints one line of JSON."""
    import itertools

    import gevent
    from locust import FastHttpUser, constant, task
    from locust.env import Environment

    path, expected = SCENARIOS[args.load]
    bodies = json.loads(Path(args.bodies_file).read_text())
    if args.load == "batch":  # the same bodies, --batch to a request
        logs = ['{"answers": ' + json.dumps(json.loads(b)["answers"]) + "}" for b in bodies]
        bodies = ['{"collection": "core-lettings", "year": 2026, "logs": [' + ", ".join(logs[i:i + args.batch]) + "]}"
                  for i in range(0, len(logs) - args.batch + 1, args.batch)]
    secret = os.environ["BENCH_API_KEY"]
    numbers = itertools.count(1)
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    run = f"{int(time.time()) % 100000:05d}"

    def tenant_code(_) -> str:
        return f"L{run}{next(numbers):07d}"

    requests = itertools.count()

    class Submitter(FastHttpUser):
        host = args.host
        wait_time = constant(0)

        @task
        def submit(self) -> None:
            body = TENANT_CODE_PATTERN.sub(tenant_code, bodies[next(requests) % len(bodies)])
            with self.client.post(path, data=body, headers=headers, name=args.load, catch_response=True) as response:
                if response.status_code != expected:
                    response.failure(f"{response.status_code}: {(response.text or '')[:200]}")

    env = Environment(user_classes=[Submitter])
    runner = env.create_local_runner()
    runner.start(args.users, spawn_rate=args.users)
    gevent.sleep(args.warm_up)
    env.stats.reset_all()
    before = cpu_seconds(args.server_pid, args.database_name)
    began = time.perf_counter()
    gevent.sleep(args.seconds)
    entry = env.stats.get(args.load, "POST")
    seconds = time.perf_counter() - began
    cpu = cpu_seconds(args.server_pid, args.database_name, before)
    result = {
        "scenario": args.load, "users": args.users, "seconds": seconds, "requests": entry.num_requests,
        "failures": entry.num_failures, "rps": entry.num_requests / seconds,
        "logs": entry.num_requests * (args.batch if args.load == "batch" else 1),
        "p50": entry.get_response_time_percentile(0.5), "p95": entry.get_response_time_percentile(0.95),
        "p99": entry.get_response_time_percentile(0.99), "max": entry.max_response_time,
        "mean": entry.avg_response_time, "bytes": entry.avg_content_length, "cpu": cpu,
        "errors": [f"{e.occurrences}× {e.error}" for e in list(env.stats.errors.values())[:3]],
    }
    runner.quit()
    print(json.dumps(result))


# profile of one request ------------------------------------------------------------------------

def profile(secret: str, bodies: list[str], n: int, lines: int) -> None:
    """N validate requests through Django's test client: milliseconds by stage, queries, and
    cProfile's top functions."""
    import cProfile
    import io
    import pstats
    import statistics

    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from caselog.channels.api.actor import KeyActor
    from caselog.channels.api.auth import _count_request
    from caselog.channels.api.logs import OutcomeOut, ValidateIn, outcome_json
    from caselog.channels.api.models import ApiKey
    from caselog.definitions.registry import get_definition
    from caselog.engine import evaluate_log
    from caselog.gateway import validate
    from caselog.gateway.choices import initial_answers, merge
    from caselog.gateway.context import log_context
    from caselog.logs.models import Log

    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    payloads = [b.replace(TENANT_CODE, f"P{i:07d}") for i, b in enumerate(bodies[:n])]
    while len(payloads) < n:
        payloads += payloads[: n - len(payloads)]

    def post(body: str):
        response = client.post(SCENARIOS["validate"][0], body, content_type="application/json", **auth)
        assert response.status_code == 200, response.content[:300]
        return response

    for body in payloads[:20]:  # warm: definitions loaded, connection open
        post(body)

    stages: dict[str, list[float]] = {}

    def timed(name, fn, *a, **kw):
        began = time.perf_counter()
        out = fn(*a, **kw)
        stages.setdefault(name, []).append((time.perf_counter() - began) * 1000)
        return out

    with CaptureQueriesContext(connection) as captured:
        post(payloads[0])
        queries = list(captured.captured_queries)  # the next request's start empties Django's list

    in_database: list[float] = []

    def database_time(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_database[-1] += (time.perf_counter() - began) * 1000

    with connection.execute_wrapper(database_time):
        for body in payloads:
            in_database.append(0.0)
            timed("whole request (test client)", post, body)
    stages["of which waiting for the database (all queries)"] = in_database
    factory = RequestFactory()
    for body in payloads:
        request = factory.post(SCENARIOS["validate"][0], body, content_type="application/json")
        data = timed("request body: json.loads", json.loads, request.body)
        payload = timed("request body: pydantic (ValidateIn)", ValidateIn.model_validate, data)
        key = timed("auth: ApiKey.find (1 query)", ApiKey.find, secret)
        timed("auth: rate limit count (one upsert)", _count_request, key)
        actor = KeyActor.of(key)
        compiled = timed("get_definition", get_definition, payload.collection, payload.year)
        org = actor.organisation
        log = Log(collection=payload.collection, year=payload.year, owning_organisation=org, managing_organisation=org)
        answers = {**timed("initial_answers", initial_answers, compiled.definition, org, org, None), **payload.answers}
        merged, _ = timed("gateway: choices.merge (permission checks)", merge, log, log.answers, answers, actor)
        context = timed("gateway: log_context (organisation, user look-ups)", log_context, log, merged, compiled)
        timed("engine: evaluate_log", evaluate_log, compiled, merged, context, None)
        outcome = timed("gateway.validate (merge + context + evaluate_log)", validate, log, answers, actor=actor)
        out = timed("response: outcome_json", outcome_json, outcome)
        checked = timed("response: pydantic (OutcomeOut)", OutcomeOut.model_validate, out)
        timed("response: json.dumps", json.dumps, checked.model_dump())

    profiler = cProfile.Profile()
    profiler.enable()
    for body in payloads:
        post(body)
    profiler.disable()

    print(f"\nOne validate request, {n} bodies, in this process (no HTTP); {len(queries)} database queries each\n")
    print("| stage | median ms | p95 ms |")
    print("| --- | ---: | ---: |")
    for name, times in stages.items():
        times.sort()
        print(f"| {name} | {statistics.median(times):.2f} | {times[int(0.95 * (len(times) - 1))]:.2f} |")
    print("\nqueries of one request:")
    for q in queries:
        print(f"  {q['sql'][:150]}")
    for order, only, what in (("tottime", "", "all functions, by own time"),
                              ("cumulative", "/caselog/", "caselog's functions, by cumulative time")):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(*filter(None, [only]), lines)
        print(f"\ncProfile of {n} whole requests, {what}:\n" + out.getvalue().split("\n\n", 1)[-1].rstrip())

    # the stored submission: the whole request and its queries
    create_path = SCENARIOS["create"][0]
    for body in payloads[:20]:
        client.post(create_path, body, content_type="application/json", **auth)
    with CaptureQueriesContext(connection) as captured:
        client.post(create_path, payloads[0], content_type="application/json", **auth)
        created_queries = list(captured.captured_queries)
    times = []
    for body in payloads:
        began = time.perf_counter()
        response = client.post(create_path, body, content_type="application/json", **auth)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 201, response.content[:300]
    times.sort()
    print(f"\nOne create request (POST {create_path.removeprefix('/api/v1')}), {n} bodies: median "
          f"{statistics.median(times):.2f} ms, p95 {times[int(0.95 * (len(times) - 1))]:.2f} ms; "
          f"{len(created_queries)} database queries each:")
    for q in created_queries:
        print(f"  {q['sql'][:150]}")


# the whole benchmark -----------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, nargs="+", default=[4, 8, 16], help="locust users, one run each")
    parser.add_argument("--seconds", type=float, default=30, help="measured seconds of each run")
    parser.add_argument("--warm-up", type=float, default=5, help="seconds of load before measuring")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn (sync) workers")
    parser.add_argument("--scenarios", nargs="*", choices=list(SCENARIOS), default=["validate", "create"],
                        help="none: only --profile")
    parser.add_argument("--batch", type=int, default=100, help="logs a request in the batch scenario")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--wsgi", default="caselog.wsgi", help="the WSGI module gunicorn serves (to try a change)")
    parser.add_argument("--redis-url", default="", help="the cache in Redis, e.g. "
                        "redis://127.0.0.1:6379/13; needs requirements-redis.txt. Default: the database cache")
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--base", type=int, default=100, help="synthetic logs drawn; the bodies are copies")
    parser.add_argument("--bodies", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0, help="also profile N validate requests in this process")
    parser.add_argument("--profile-lines", type=int, default=25)
    parser.add_argument("--load", choices=list(SCENARIOS), help=argparse.SUPPRESS)  # one locust run, in this process
    parser.add_argument("--host", help=argparse.SUPPRESS)
    parser.add_argument("--bodies-file", help=argparse.SUPPRESS)
    parser.add_argument("--server-pid", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--database-name", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        args.users = args.users[0]
        return run_load(args)

    if args.database.rsplit("/", 1)[1] in ("caselog", "caselog_me"):  # it empties the logs tables
        sys.exit("not the service's own database: give the bench one of its own")
    if args.redis_url:
        os.environ["REDIS_URL"] = args.redis_url  # for gunicorn and the profile alike
    django_ready(args.database)
    org, user, secret = people()
    began = time.perf_counter()
    bodies = make_bodies(org, user, args.base, args.bodies, args.seed)
    FILES.mkdir(parents=True, exist_ok=True)
    bodies_path = FILES / "bodies.json"
    bodies_path.write_text(json.dumps(bodies))
    print(f"made {len(bodies):,} bodies in {time.perf_counter() - began:.0f} s", file=sys.stderr)

    if args.scenarios:
        load(args, secret, bodies, bodies_path)
    if args.profile:
        empty_logs()
        profile(secret, bodies, args.profile, args.profile_lines)
    empty_logs()


def load(args, secret: str, bodies: list[str], bodies_path: Path) -> None:
    """Each scenario with each number of users, a locust process each, against one gunicorn."""
    import subprocess
    import urllib.request

    load_before = os.getloadavg()
    empty_logs()
    base_url = f"http://127.0.0.1:{args.port}"
    server = start_server(args, args.port)
    results = []
    try:
        mix = outcome_mix(base_url, secret, bodies, 200)
        for scenario in args.scenarios:
            for users in args.users:
                urllib.request.urlopen(base_url + "/healthz").read()  # behind what gunicorn has queued
                empty_logs()
                command = [sys.executable, __file__, "--load", scenario, "--batch", str(args.batch), "--users", str(users), "--seconds",
                           str(args.seconds), "--warm-up", str(args.warm_up), "--host", base_url, "--bodies-file",
                           str(bodies_path), "--server-pid", str(server.pid),
                           "--database-name", args.database.rsplit("/", 1)[1]]
                done = subprocess.run(command, capture_output=True, text=True, check=False,
                                      env={**os.environ, "BENCH_API_KEY": secret})
                if done.returncode:
                    sys.exit(f"{scenario} with {users} users failed:\n{done.stderr[-4000:]}")
                result = json.loads(done.stdout.strip().splitlines()[-1])
                results.append(result)
                print(f"{scenario}, {users} users: {result['rps']:.0f}/s, p95 {result['p95']:.0f} ms", file=sys.stderr)
    finally:
        stop_server(server)
    load_after = os.getloadavg()
    report(results, mix, args, load_before, load_after)


def report(results: list[dict], mix: dict, args, load_before, load_after) -> None:
    import platform
    import subprocess
    from importlib.metadata import version  # not `import locust`: it patches threading for gevent

    import django
    import psycopg

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT,
                            check=False).stdout.strip() or "?"
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"Django {django.__version__}, psycopg {psycopg.__version__}, locust {version('locust')}, commit {commit}")
    cache = f"Redis cache ({args.redis_url})" if args.redis_url else "database cache"
    print(f"gunicorn {args.wsgi}: {args.workers} sync workers, {cache}; load average (1, 5, 15 min) before "
          f"{', '.join(f'{x:.2f}' for x in load_before)}, after {', '.join(f'{x:.2f}' for x in load_after)}")
    statuses = ", ".join(f"{v} {k}" for k, v in sorted(mix["statuses"].items()))
    print(f"bodies: {args.bodies:,} from {args.base} synthetic logs; of the first {mix['sample']}: {statuses}; "
          f"{mix['with_errors']} with errors, {mix['with_warnings']} with soft checks; "
          f"{mix['bytes_in'] / mix['sample'] / 1024:.1f} KiB in, {mix['bytes_out'] / mix['sample'] / 1024:.1f} KiB out")
    print()
    print("| scenario | users | requests | requests/s | logs/s | p50 ms | p95 ms | p99 ms | max ms | failures "
          "| CPU ms a log: gunicorn / PostgreSQL / locust / other |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        cpu = r["cpu"]
        per = " / ".join(f"{1000 * cpu[k] / max(r['logs'], 1):.1f}" for k in ("gunicorn", "postgres", "locust", "other"))
        path = SCENARIOS[r["scenario"]][0].removeprefix("/api/v1")
        label = f"POST {path}" + (f" ({args.batch} logs)" if r["scenario"] == "batch" else "")
        print(f"| {label} | {r['users']} | {r['requests']:,} | {r['rps']:.0f} | {r['logs'] / r['seconds']:,.0f} | "
              f"{r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | {r['max']:.0f} | {r['failures']} | {per} |")
    for r in results:
        for error in r["errors"]:
            print(f"{r['scenario']}, {r['users']} users: {error}")
    print()
    for r in results:
        busiest = "; ".join(r["cpu"]["busiest_others"]) or "none over 0.5 s"
        print(f"{r['scenario']}, {r['users']} users: the machine was busy {r['cpu']['machine']:.0f} CPU s of "
              f"{(os.cpu_count() or 1) * r['seconds']:.0f}; busiest other processes (of those still running at "
              f"the end): {busiest}")


if __name__ == "__main__":
    main()
