"""`caselog`: the command line. Also the offline checker providers and suppliers run before
they submit: it applies exactly the rules the service applies.

    caselog validate core-lettings 2026 FILE [--today YYYY-MM-DD]
    caselog definitions check [COLLECTION YEAR]
    caselog definitions coverage COLLECTION YEAR [--json]
    caselog demo [--logs N]
    caselog map-columns FILE --collection core-lettings --year 2026 [--json]
    caselog upload FILE --org CODE --as EMAIL [--blank-errors] [--confirm-checks] [--check-only]
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="caselog", description="Caselog: collect case-level data against a definition.")
    sub = parser.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check a file of answers against a collection's rules")
    v.add_argument("collection", help="for example core-lettings")
    v.add_argument("year", type=int, help="the collection year, for example 2026")
    v.add_argument("file", help="a JSON object of answers (or a list of them), or a CSV in the bulk upload template layout")
    v.add_argument("--today", help="the date to check against (YYYY-MM-DD); today if not given")
    v.add_argument(
        "--context", action="append", default=[], metavar="NAME=VALUE",
        help="what the service would know about the log, e.g. owning_organisation.provider_type=PRP "
        "(the names are in the definition's context.yaml); may be given more than once",
    )

    d = sub.add_parser("definitions", help="check definitions and report their coverage")
    dsub = d.add_subparsers(dest="action", required=True)
    c = dsub.add_parser("check", help="load and compile definitions; report each problem with file, line and key")
    c.add_argument("collection", nargs="?")
    c.add_argument("year", nargs="?", type=int)
    cov = dsub.add_parser("coverage", help="which of the source service's messages a rule of ours implements")
    cov.add_argument("collection")
    cov.add_argument("year", type=int)
    cov.add_argument("--json", action="store_true", help="print JSON instead of text")
    cov.add_argument("--missing", action="store_true", help="list only the messages not implemented")

    demo = sub.add_parser("demo", help="load demo organisations, users and logs (uses the database)")
    demo.add_argument("--logs", type=int, default=300, help="how many logs to create (default 300)")
    demo.add_argument("--seed", type=int, default=2026)

    from .upload import configure

    configure(sub)

    args = parser.parse_args(argv)
    if args.command == "validate":
        from .validate import run_validate

        return run_validate(args.collection, args.year, args.file, args.today, args.context)
    if args.command == "definitions":
        from .definitions import run_check, run_coverage

        if args.action == "check":
            return run_check(args.collection, args.year)
        return run_coverage(args.collection, args.year, as_json=args.json, missing_only=args.missing)
    if args.command == "demo":
        from .demo import run_demo

        return run_demo(args.logs, args.seed)
    if args.command == "map-columns":
        from .upload import run_map_columns

        return run_map_columns(args.file, args.collection, args.year, args.sheet, args.json)
    if args.command == "upload":
        from .upload import run_upload

        return run_upload(args.file, args.org, args.email, args.collection, args.year, args.sheet,
                          blank_errors=args.blank_errors, confirm_checks=args.confirm_checks, check_only=args.check_only)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
