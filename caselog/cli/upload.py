"""`caselog map-columns` and `caselog upload`: the bulk upload channel for scripts.

map-columns needs no database: it prints how a file's columns would map (CORE's template is
recognised and needs none). upload runs the same steps as the pages, in this process:
read, map (the organisation's saved mapping, else the proposal), check, and store the rows
that may be stored; it stops before storing when the mapping needs a person to decide.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_NOT_STORED, EXIT_BAD_INPUT = 0, 1, 2


def run_map_columns(file: str, collection: str, year: int, sheet: str | None, as_json: bool) -> int:
    from caselog.channels.upload import mapping
    from caselog.channels.upload.reading import FileProblem, read_table
    from caselog.channels.upload.template import TemplateError, parse_template, recognise_template
    from caselog.definitions.registry import get_definition
    from caselog.definitions.source import DefinitionError

    try:
        compiled = get_definition(collection, year)
        table = read_table(_read(file), sheet)
        match = recognise_template(table.rows, [compiled])
    except (DefinitionError, FileProblem, TemplateError, OSError) as problem:
        print(f"{file}: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if match is not None:
        fields = {f.number: f for f in compiled.definition.template.fields}  # type: ignore[union-attr]
        names = table.rows[match.question_row] if match.question_row is not None else []
        items = []
        for index, number in parse_template(table.rows, compiled).columns.items():
            f = fields[number]
            whole = fields[f.part_of] if f.part_of else f  # a day, month or year cell of a date field
            target = whole.question or next(iter(whole.sets), None)
            items.append({"column": names[index] if index < len(names) else f"field_{number}", "field": target,
                          "confidence": 1.0, "reason": f"CORE's {compiled.definition.year_label} template, field {number}"})
    else:
        headers = [cell.strip() for cell in table.rows[0]]
        matches = mapping.propose_mapping(compiled, headers, table.rows[1:501])
        items = [{"column": m.header, "field": m.field, **({"part": m.part} if m.part else {}),
                  "confidence": round(m.confidence, 2), "reason": m.reason} for m in matches]
    if as_json:
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return EXIT_OK
    width = max((len(i["column"]) for i in items), default=10)
    for i in items:
        target = (i["field"] or "(not mapped)") + (f" ({i['part']})" if i.get("part") else "")
        print(f"{i['column'][:60]:<{min(width, 60)}}  {target:<28} {i['confidence']:>5.0%}  {i['reason']}")
    return EXIT_OK


def run_upload(file: str, org_code: str, email: str, collection: str, year: int, sheet: str | None, *,
               blank_errors: bool, confirm_checks: bool, check_only: bool) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caselog.settings")
    import django

    django.setup()
    from caselog.accounts import permissions
    from caselog.accounts.models import Organisation, User
    from caselog.channels.upload import mapping, processing
    from caselog.channels.upload.models import Upload
    from caselog.channels.upload.reading import FileProblem
    from caselog.definitions.registry import get_definition
    from caselog.definitions.source import DefinitionError

    user = User.objects.filter(email__iexact=email, is_active=True).first()
    organisation = Organisation.objects.filter(provider_code__iexact=org_code).first()
    if user is None:
        print(f"--as {email}: no active user has this email address", file=sys.stderr)
        return EXIT_BAD_INPUT
    if organisation is None:
        print(f"--org {org_code}: no organisation has this provider code", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not user.is_support and organisation.pk not in permissions.acting_for(user):
        print(f"--org {org_code}: {email} cannot upload logs for {organisation.name}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not permissions.can_create_logs(user):
        print(f"{email} cannot create logs: their organisation has not accepted the data sharing agreement", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        compiled = get_definition(collection, year)
        data = _read(file)
        upload = processing.receive(organisation, user, compiled, Path(file).name, data)
        if upload.status == Upload.Status.SHEET:
            if not sheet:
                names = ", ".join(processing.sheet_names(data))
                print(f"{file}: the workbook has several sheets; choose one with --sheet ({names})", file=sys.stderr)
                upload.delete()
                return EXIT_BAD_INPUT
            upload = processing.prepare(upload, data, sheet)
    except (DefinitionError, FileProblem, processing.UploadProblem, OSError) as problem:
        print(f"{file}: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT

    undecided = [m for m in processing.column_matches(upload) if m.field and m.confidence < mapping.THRESHOLD]
    if undecided:
        for m in undecided:
            print(f"column “{m.header}”: not sure it is {m.field} ({m.confidence:.0%}: {m.reason})", file=sys.stderr)
        print(f"Upload {upload.pk}: check the columns at /uploads/{upload.pk}/columns, then save it there", file=sys.stderr)
        return EXIT_NOT_STORED
    unknown = processing.read_rows(upload).unknown
    if unknown:
        for field_name, found in unknown.items():
            print(f"{field_name}: answers not recognised: {', '.join(sorted(found)[:10])}", file=sys.stderr)
        print(f"Upload {upload.pk}: say what they mean at /uploads/{upload.pk}/values", file=sys.stderr)
        return EXIT_NOT_STORED

    processing.run_check(upload)
    upload.refresh_from_db()
    if upload.status == Upload.Status.FAILED:
        print(f"{file}: {upload.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    summary = upload.summary
    print(f"Upload {upload.pk}: {summary['rows']:,} logs: {summary['create']:,} new, {summary['update']:,} to update, "
          f"{summary['rows_with_errors']:,} with errors, {summary['rows_with_warnings']:,} with answers to confirm")
    for p in summary["listed"]:
        print(f"  {p['cell']}: {p['header'] or p['label']}: {p['message']}")
    if summary["not_listed"]:
        print(f"  … {summary['not_listed']:,} more in the error report")
    if check_only or (summary["rows_with_errors"] and not blank_errors):
        print("Nothing saved." + ("" if check_only else " Fix the file, or run again with --blank-errors to save the logs "
                                  "with the wrong answers left blank."))
        return EXIT_NOT_STORED if summary["rows_with_errors"] else EXIT_OK
    upload.blank_errors = blank_errors
    upload.confirm_all_checks = confirm_checks
    upload.save(update_fields=["blank_errors", "confirm_all_checks", "updated_at"])
    processing.run_store(upload)
    upload.refresh_from_db()
    print(f"Saved: {upload.summary['created']:,} logs created, {upload.summary['updated']:,} updated")
    return EXIT_OK


def _read(file: str) -> bytes:
    path = Path(file)
    if not path.exists():
        raise OSError("no such file")
    return path.read_bytes()


def configure(sub) -> None:
    """The two commands' arguments (caselog/cli/main.py)."""
    m = sub.add_parser("map-columns", help="show how a file's columns map to a collection's questions")
    m.add_argument("file")
    m.add_argument("--collection", default="core-lettings")
    m.add_argument("--year", type=int, default=2026)
    m.add_argument("--sheet", help="the workbook sheet to read, when it has several")
    m.add_argument("--json", action="store_true", help='print a JSON list of {"column", "field", "confidence", "reason"}')

    u = sub.add_parser("upload", help="upload a file of logs for an organisation (uses the database)")
    u.add_argument("file")
    u.add_argument("--org", required=True, metavar="CODE", help="the organisation's provider code")
    u.add_argument("--as", dest="email", required=True, metavar="EMAIL", help="the user the upload is made by")
    u.add_argument("--collection", default="core-lettings")
    u.add_argument("--year", type=int, default=2026)
    u.add_argument("--sheet")
    u.add_argument("--blank-errors", action="store_true", help="save rows with errors, the wrong answers left blank")
    u.add_argument("--confirm-checks", action="store_true", help="confirm every answer a soft check asks about")
    u.add_argument("--check-only", action="store_true", help="check the file and save nothing")
