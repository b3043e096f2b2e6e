"""Column mapping of providers' own spreadsheets: how many columns are mapped to the right
field, and how many of the files' cells become values the engine accepts, for each real
export of the CORE alpha (shared/reference/alpha_provider_exports); then the time to
translate a large file.

    .venv/bin/python bench/mapping_accuracy.py [--rows 100000] [--columns 150]

The right field of each column is written down in tests/upload/test_mapping.py. "Valid
share" counts the non-blank cells whose value the engine reads without a problem, before
the user has confirmed any value the mapping did not recognise.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from caselog.channels.upload.mapping import THRESHOLD, ColumnMatch, propose_mapping, targets  # noqa: E402
from caselog.channels.upload.values import translate, value_options  # noqa: E402
from caselog.definitions.registry import get_definition  # noqa: E402
from tests.upload.test_mapping import FILES, accuracy, provider_file  # noqa: E402
from tests.upload.test_values import accepted_cells  # noqa: E402


def files_table(compiled) -> list[str]:
    lines = ["| file | columns | with a field | mapped right | accuracy | fields right | sure (≥ threshold) "
             "| non-blank cells | valid share | mapping time |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name in FILES:
        headers, rows, expected = provider_file(name)
        started = time.perf_counter()
        matches = propose_mapping(compiled, headers, rows)
        took = time.perf_counter() - started
        columns, right, with_field, with_field_right = accuracy(matches, expected)
        sure = sum(1 for m in matches if m.field and m.confidence >= THRESHOLD)
        non_blank, accepted = accepted_cells(compiled, rows, matches)
        lines.append(f"| {name} | {columns} | {with_field} | {right} | {right / columns:.0%} | "
                     f"{with_field_right / with_field:.0%} | {sure} | {non_blank:,} | {accepted / non_blank:.1%} | "
                     f"{took * 1000:.0f} ms |")
    return lines


def speed(compiled, rows: int, columns: int) -> str:
    """Translate a file of `rows` rows: codes, labels, dates, amounts and references."""
    chosen = [value for value, _ in targets(compiled) if ":" not in value][:columns]
    rng = random.Random(5)
    dates = [f"{d}/{m}/2026" for d in range(1, 29) for m in range(1, 13)]
    amounts = [f"£{rng.randint(50, 400)}.{rng.randint(0, 99):02d}" for _ in range(2000)]

    def pool(value: str) -> list[str]:
        kind = compiled.specs[value].kind if value in compiled.specs else "listed"
        labels = [label for _, label in value_options(compiled, value)][:20]
        return labels or {"date": dates, "number": amounts, "integer": [str(n) for n in range(1, 9)]}.get(kind, [])

    pools = {v: pool(v) for v in chosen}
    cells = []
    for i in range(rows):  # free text is a reference of its own in each row
        cells.append([rng.choice(pools[v]) if pools[v] else f"R{i}-{j}" for j, v in enumerate(chosen)])
    matches = [ColumnMatch(i, v, v, None, 1.0, "") for i, v in enumerate(chosen)]
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        translated = translate(compiled, cells, matches)
        timings.append(time.perf_counter() - started)
    return (f"Translating {rows:,} rows × {len(chosen)} columns ({translated.frame.width} answers): "
            f"best of 3 {min(timings):.2f} s, worst {max(timings):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--columns", type=int, default=150)
    args = parser.parse_args()
    compiled = get_definition("core-lettings", 2026)
    print("\n".join(files_table(compiled)))
    print()
    print(speed(compiled, args.rows, args.columns))


if __name__ == "__main__":
    main()
