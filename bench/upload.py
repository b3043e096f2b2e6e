"""Bulk upload benchmark: files of 2026 lettings in CORE's template layout and in a provider's
own layout, end to end into PostgreSQL, beside Frictionless validating the same files and
polars only reading them.

    .venv/bin/python bench/upload.py [--rows 10000 100000] [--layouts template provider]
        [--database-url postgres://postgres@127.0.0.1:5432/caselog_bench] [--no-frictionless]
        [--profile template:100000]

Needs requirements-bench.txt (Frictionless). The database is created and migrated if need be;
each run empties its logs and audit events first (TRUNCATE), so do not point it at data you
want to keep. Files are made once from the definition's synthetic logs (bench/upload_files.py)
and kept in var/bench-upload.

End to end is what the upload tasks do, in one pass, as a worker that has handled an upload
before (the definition loaded, the pipeline run once on a small file):

- read: the file's bytes to rows of text (reading.read_table);
- to answers: the template recognised and its fields turned into answers (template.py), or,
  for the provider layout, the columns' mapping proposed from the first 500 rows
  (mapping.propose_mapping) and the rows translated with the mapping the user confirms
  (values.translate, in processing.read_rows);
- match: which rows update logs already stored (matching.match_logs);
- check: the gateway judges every row, CHUNK rows at a time (gateway.table.check_table);
- problems listed: the findings worded for the user (the rest of processing.check_rows);
- values to store: the answers, derived values, findings and duplicate key of each row to store
  (gateway.table.stored_values);
- write: the logs and their audit events written in one transaction (gateway.table.write_logs).

Soft checks are confirmed for every row (confirm_all_checks) and rows with errors are not
stored, as run_store does. Each run is a process of its own, so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.web import ensure_database, setup_django  # noqa: E402

DATABASE = "postgres://postgres@127.0.0.1:5432/caselog_bench"
FILES = ROOT / "var" / "bench-upload"
LAYOUTS = ("template", "provider")
WARM_ROWS = 200
ORG_CODE = "BENCHUP"
USER_EMAIL = "coordinator@benchup.example"
STAGES = {"read": "read", "to answers": "to answers", "match": "match", "check": "check",
          "findings": "problems listed", "values": "values to store", "write": "write"}


# setting up -----------------------------------------------------------------------------------

def django_ready(database: str) -> None:
    os.environ["DEBUG"] = "false"  # no query log growing with every insert
    setup_django(database)


def people():
    """The organisation and coordinator whose logs the files are."""
    from caselog.accounts.models import DataSharingAgreement, Organisation, User

    org, _ = Organisation.objects.get_or_create(provider_code=ORG_CODE, defaults={
        "name": "Bench Upload Homes", "type": Organisation.Type.PRIVATE_REGISTERED_PROVIDER})
    DataSharingAgreement.objects.get_or_create(organisation=org, defaults={
        "signatory_name": "Dee", "signatory_email": "dpo@example.com", "version": "2026"})
    user = User.objects.filter(email=USER_EMAIL).first() or User.objects.create_user(
        USER_EMAIL, "bench-password", name="Cam Coordinator", organisation=org, role="coordinator")
    return org, user


def who_for(layout: str, org):
    from bench.upload_files import Who

    # the template names the organisation as CORE's example does ("ORG1"); a provider's export by its code
    return Who(f"ORG{org.pk}" if layout == "template" else org.provider_code, USER_EMAIL)


def file_path(layout: str, rows: int, org) -> Path:
    return FILES / f"lettings-2026-{layout}-{rows}-{who_for(layout, org).organisation}.csv"


def make_files(rows_list: list[int], org, base: int, seed: int) -> None:
    from bench.upload_files import make_logs, write_provider_csv, write_template_csv
    from caselog.definitions.registry import get_definition

    compiled = get_definition("core-lettings", 2026)
    FILES.mkdir(parents=True, exist_ok=True)
    for rows in rows_list:
        paths = {layout: file_path(layout, rows, org) for layout in LAYOUTS}
        if all(p.exists() for p in paths.values()):
            continue
        began = time.perf_counter()
        logs = make_logs(compiled, rows, base=min(base, rows), seed=seed)
        write_template_csv(paths["template"], compiled, logs, who_for("template", org))
        write_provider_csv(paths["provider"], compiled, logs, who_for("provider", org))
        print(f"made {rows:,} logs and their files in {time.perf_counter() - began:.0f} s", file=sys.stderr)


def empty_logs() -> None:
    from django.db import connection

    from caselog.channels.upload.models import Upload
    from caselog.logs.models import AuditEvent, Log

    tables = ", ".join(m._meta.db_table for m in (AuditEvent, Log, Upload))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} CASCADE")


# one run ----------------------------------------------------------------------------------------

class Stopwatch:
    """Seconds spent in each stage, adding up calls made many times (a chunk at a time)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    @contextlib.contextmanager
    def stage(self, name: str):
        began = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - began

    def wrap(self, module, attribute: str, name: str):
        """Time every call of module.attribute as `name` (the pipeline calls it by that name)."""
        original = getattr(module, attribute)

        def timed(*args, **kwargs):
            with self.stage(name):
                return original(*args, **kwargs)

        setattr(module, attribute, timed)
        return original


def end_to_end(path: Path, layout: str, org, user, today) -> tuple[dict[str, float], dict]:
    """One file through the upload pipeline into the database: seconds by stage, and counts."""
    from dataclasses import asdict

    from bench.upload_files import provider_columns, provider_matches, provider_values
    from caselog.channels.upload import mapping, processing
    from caselog.channels.upload.models import Upload
    from caselog.channels.upload.reading import read_table
    from caselog.definitions.registry import get_definition
    from caselog.gateway import Source
    from caselog.gateway.table import write_logs

    compiled = get_definition("core-lettings", 2026)
    watch = Stopwatch()
    originals = {name: watch.wrap(processing, name, stage) for name, stage in (
        ("match_logs", "match"), ("check_table", "check"), ("stored_values", "values"))}
    try:
        with watch.stage("read"):
            table = read_table(path.read_bytes())
        upload = Upload.objects.create(organisation=org, uploaded_by=user, collection="core-lettings", year=2026,
                                       filename=path.name, size=path.stat().st_size, file=f"bench/{path.name}",
                                       confirm_all_checks=True, status=Upload.Status.STORING)
        proposed_right = None
        with watch.stage("to answers"):
            if layout == "template":
                upload.layout, upload.header_rows = Upload.Layout.TEMPLATE, 8
            else:
                with watch.stage("propose"):  # as processing.prepare does, on the first 500 rows
                    headers, rows = processing.own_layout(table)
                    proposed = mapping.propose_mapping(compiled, headers, [r for _, r in rows[:500]], None)
                columns = provider_columns(compiled)
                confirmed = provider_matches(columns)  # what the user confirms
                upload.values = provider_values(columns)
                proposed_right = sum((p.field, p.part) == (c.field, None) for p, c in zip(proposed, confirmed, strict=True))
                upload.layout, upload.header_rows = Upload.Layout.OWN, 1
                upload.columns = [asdict(m) for m in confirmed]
            answers = processing.read_rows(upload, table, today)
        with watch.stage("checking"):
            checked = processing.check_rows(upload, answers, storing=True, today=today)
        items = checked.values.storable(upload.blank_errors)
        with watch.stage("write"):
            stored = write_logs(answers.compiled, items, Source("upload", user, f"upload {upload.pk}"))
    finally:
        for name, original in originals.items():
            setattr(processing, name, original)
    seconds = dict(watch.seconds)
    seconds["findings"] = seconds.pop("checking") - seconds["match"] - seconds["check"] - seconds["values"]
    counts = {
        "rows": len(answers.data),
        "stored": len(stored.created) + len(stored.updated),
        "rows_with_errors": len({p.row for p in checked.problems if p.severity == "error"}),
        "completed": checked.statuses.count("completed"),
        "columns_proposed_right": proposed_right,
        "columns": len(table.rows[upload.header_rows - 1]) if table.rows else 0,
    }
    return seconds, counts


def polars_read(path: Path, layout: str) -> float:
    """polars reading the file as text (no types inferred), and nothing else."""
    import polars as pl

    began = time.perf_counter()
    frame = pl.read_csv(path, skip_rows=7 if layout == "template" else 0, infer_schema=False)
    seconds = time.perf_counter() - began
    assert frame.height > 0
    return seconds


def frictionless_validate(path: Path, layout: str) -> tuple[float, dict]:
    """Frictionless validating the file against a Table Schema with the same per-cell checks:
    types, options, minimum and maximum (bench/upload_files.py)."""
    from frictionless import Dialect, Resource, Schema

    from bench.upload_files import provider_columns, provider_schema, template_schema
    from caselog.definitions.registry import get_definition

    compiled = get_definition("core-lettings", 2026)
    if layout == "template":
        schema, options = template_schema(compiled), {"dialect": Dialect(header_rows=[8])}
    else:
        schema, options = provider_schema(provider_columns(compiled)), {}
    began = time.perf_counter()
    resource_ = Resource(path=path.name, basepath=str(path.parent), schema=Schema.from_descriptor(schema), **options)
    report = resource_.validate(limit_errors=10**9)  # every row, not the first 1,000 errors
    seconds = time.perf_counter() - began
    task = report.tasks[0]
    return seconds, {"rows": task.stats.get("rows"), "errors": task.stats.get("errors"), "valid": report.valid}


def run_one(args) -> None:
    """One layout and size, in this process: prints one line of JSON."""
    layout, rows = args.one.split(":")
    rows = int(rows)
    django_ready(args.database_url)
    from bench.upload_files import TODAY

    org, user = people()
    path = file_path(layout, rows, org)
    empty_logs()
    end_to_end(file_path(layout, WARM_ROWS, org), layout, org, user, TODAY)  # a worker that has run before
    empty_logs()
    profiler = cProfile.Profile() if args.profile == args.one else None
    began = time.perf_counter()
    if profiler:
        profiler.enable()
    seconds, counts = end_to_end(path, layout, org, user, TODAY)
    if profiler:
        profiler.disable()
    total = time.perf_counter() - began
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"layout": layout, "rows": rows, "seconds": seconds, "total": total, "peak_mib": peak_mib, **counts}
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.profile_lines)
        result["profile"] = out.getvalue()
    result["polars"] = polars_read(path, layout)
    if args.frictionless:
        result["frictionless"], result["frictionless_report"] = frictionless_validate(path, layout)
    empty_logs()
    print(json.dumps(result))


# the whole benchmark ---------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--layouts", nargs="+", choices=LAYOUTS, default=list(LAYOUTS))
    parser.add_argument("--database-url", default=DATABASE)
    parser.add_argument("--no-frictionless", dest="frictionless", action="store_false")
    parser.add_argument("--profile", default="", help="layout:rows to profile with cProfile, e.g. template:100000")
    parser.add_argument("--profile-lines", type=int, default=15)
    parser.add_argument("--base", type=int, default=200, help="synthetic logs drawn; the rest are copies")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # layout:rows, run in this process
    args = parser.parse_args()
    if args.one:
        return run_one(args)

    ensure_database(args.database_url)
    django_ready(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    org, _ = people()
    make_files(sorted({WARM_ROWS, *args.rows}), org, args.base, args.seed)

    results = []
    for rows in args.rows:
        for layout in args.layouts:
            command = [sys.executable, __file__, "--one", f"{layout}:{rows}", "--database-url", args.database_url,
                       "--profile", args.profile, "--profile-lines", str(args.profile_lines)]
            if not args.frictionless:
                command.append("--no-frictionless")
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode:
                sys.exit(f"{layout} {rows:,} rows failed:\n{done.stderr[-4000:]}")
            result = json.loads(done.stdout.strip().splitlines()[-1])
            results.append(result)
            print(f"{layout} {rows:,}: {result['total']:.1f} s", file=sys.stderr)
    report(results, args)


def report(results: list[dict], args) -> None:
    import polars as pl

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT,
                                check=False).stdout.strip()
    except OSError:
        commit = "?"
    with contextlib.suppress(Exception):
        import frictionless

        print(f"frictionless {frictionless.__version__}", end="; ")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"polars {pl.__version__}, commit {commit}")
    print()
    print("| rows | layout | polars read s | Frictionless s | caselog end to end s | rows/s | × Frictionless | peak MiB |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        fr = r.get("frictionless")
        times = f"{fr / r['total']:.2f}×" if fr else "–"
        print(f"| {r['rows']:,} | {r['layout']} | {r['polars']:.2f} | {f'{fr:.1f}' if fr else '–'} | {r['total']:.2f} | "
              f"{r['rows'] / r['total']:,.0f} | {times} | {r['peak_mib']:,.0f} |")
    print()
    print("| rows | layout | " + " | ".join(STAGES.values()) + " |")
    print("| ---: | --- | " + " | ".join("---:" for _ in STAGES) + " |")
    for r in results:
        print(f"| {r['rows']:,} | {r['layout']} | " + " | ".join(f"{r['seconds'].get(s, 0):.2f}" for s in STAGES) + " |")
    print()
    for r in results:
        extra = (f"; mapping proposed in {r['seconds']['propose']:.2f} s (included in 'to answers'), "
                 f"{r['columns_proposed_right']} of {r['columns']} columns as the user confirms them"
                 if r["columns_proposed_right"] is not None else "")
        fr = r.get("frictionless_report")
        fr_text = f"; Frictionless: {fr['rows']:,} rows, {fr['errors']} errors" if fr else ""
        print(f"{r['layout']} {r['rows']:,}: {r['stored']:,} stored, {r['rows_with_errors']:,} rows with errors, "
              f"{r['completed']:,} completed{extra}{fr_text}")
    for r in results:
        if r.get("profile"):
            print(f"\ncProfile, {r['layout']} {r['rows']:,} rows, by cumulative time:\n{r['profile']}")


if __name__ == "__main__":
    main()
