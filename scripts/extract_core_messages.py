"""Write each CORE 2026 definition's list of the source service's validation messages.

`caselog definitions coverage` reads it to show which messages a rule of ours implements.
Run: .venv/bin/python scripts/extract_core_messages.py [--reference ../shared/reference]
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", type=Path, default=REPO.parent / "shared" / "reference")
    args = parser.parse_args()
    messages = json.loads((args.reference / "core/questions/validation_messages_2026.json").read_text())
    for log_type in ("lettings", "sales"):
        rows = []
        for group in (log_type, "shared"):
            for kind, items in messages[group].items():
                for key, text in sorted(items.items()):
                    rows.append({"key": key, "group": group, "kind": kind, "message": text})
        out = REPO / "definitions" / f"core-{log_type}" / "2026" / "source_messages.csv"
        with out.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=["key", "group", "kind", "message"], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        print(f"{out.relative_to(REPO)}: {len(rows)} messages")


if __name__ == "__main__":
    main()
