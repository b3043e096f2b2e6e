"""Engine benchmark: 100,000 synthetic 2026 lettings logs through the whole-table path and
a sample through the one-log path.

    .venv/bin/python bench/engine.py [--rows 100000] [--sample 2000] [--collection core-lettings --year 2026]

Logs are made from the definition (caselog.engine.synthetic): a few hundred drawn so most
rules pass, then copied with a few answers redrawn in each copy, so the table holds a
realistic mix of complete logs, logs in progress, hard errors and soft checks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polars as pl  # noqa: E402

from caselog.definitions.registry import get_definition  # noqa: E402
from caselog.engine import evaluate_log, evaluate_table  # noqa: E402
from caselog.engine.answers import as_text  # noqa: E402
from caselog.engine.synthetic import draw_value, synthetic_log  # noqa: E402
from caselog.engine.table import LOG_STATUS, RULE  # noqa: E402

TODAY = dt.date(2026, 11, 1)
CONTEXT = {"owning_organisation.provider_type": "PRP", "managing_organisation.provider_type": "PRP"}


def make_logs(compiled, rows: int, base: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    bases = [synthetic_log(compiled, rng, TODAY, context=CONTEXT) for _ in range(base)]
    specs = list(compiled.specs.values())
    logs = []
    for _ in range(rows):
        log = dict(rng.choice(bases))
        for spec in rng.sample(specs, 3):
            log[spec.id] = draw_value(spec, compiled, rng, TODAY)
        logs.append(log)
    return logs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--collection", default="core-lettings")
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--base", type=int, default=200)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    compiled = get_definition(args.collection, args.year)
    load_s = time.perf_counter() - started
    logs = make_logs(compiled, args.rows, args.base, args.seed)
    names = list(compiled.specs)
    frame = pl.DataFrame({n: [as_text(log.get(n)) for log in logs] for n in names}, schema={n: pl.String for n in names})

    evaluate_table(compiled, frame.head(100), context=CONTEXT, today=TODAY)  # warm up
    started = time.perf_counter()
    table = evaluate_table(compiled, frame, context=CONTEXT, today=TODAY)
    table_s = time.perf_counter() - started
    statuses = table[LOG_STATUS].value_counts().sort(LOG_STATUS).rows()
    failing = sum(int(table[c].sum()) for c in table.columns if c.startswith(RULE))

    sample = logs[: args.sample]
    started = time.perf_counter()
    for log in sample:
        evaluate_log(compiled, log, CONTEXT, TODAY)
    log_s = time.perf_counter() - started

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        commit = "?"
    print(f"definition {args.collection} {args.year}: {len(compiled.specs)} answers, {len(compiled.rules)} rules, "
          f"{len(compiled.checks)} checks, {len(compiled.derivations)} derivations, {len(compiled.pages)} pages; loaded in {load_s:.2f} s")
    print(f"statuses: {statuses}; failing rule results: {failing}")
    print(f"machine: {platform.machine()}, {platform.python_version()}, polars {pl.__version__}, commit {commit}, peak RSS {peak_mib:.0f} MiB")
    print()
    print("| path | logs | seconds | logs per second |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| whole table (`evaluate_table`) | {args.rows:,} | {table_s:.2f} | {args.rows / table_s:,.0f} |")
    print(f"| one log at a time (`evaluate_log`) | {len(sample):,} | {log_s:.2f} | {len(sample) / log_s:,.0f} |")


if __name__ == "__main__":
    main()
