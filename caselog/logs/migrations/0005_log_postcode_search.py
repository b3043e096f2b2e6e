"""A log's postcode kept beside its references, and, on PostgreSQL, trigram indexes so the
logs list finds part of a tenant code, property reference or postcode without reading every
log, and the log's wide answers kept out of the table's own pages so that counting and
listing logs reads little (docs/decisions/0005-log-search-indexes.md). SQLite scans, which
is quick at its sizes."""

from django.db import migrations, models, transaction

# the expressions Django's icontains / contains lookups compare, so the planner can use them
TRIGRAM_INDEXES = {
    "log_tenant_code_trgm": 'UPPER("provider_reference"::text) gin_trgm_ops',
    "log_property_reference_trgm": 'UPPER("property_reference"::text) gin_trgm_ops',
    "log_postcode_trgm": '("postcode"::text) gin_trgm_ops',
}


def fill_postcodes(apps, schema_editor):
    Log = apps.get_model("logs", "Log")
    changed = []
    for log in Log.objects.only("id", "answers").iterator(chunk_size=2000):
        postcode = "".join(str((log.answers or {}).get("postcode_full") or "").split()).upper()[:16]
        if postcode:
            log.postcode = postcode
            changed.append(log)
        if len(changed) >= 2000:
            Log.objects.bulk_update(changed, ["postcode"])
            changed = []
    Log.objects.bulk_update(changed, ["postcode"])


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as error:  # no right to add extensions: searching still works, by scanning
            print(f"\n  pg_trgm is not available ({error}); logs search will scan instead of using an index")
            return
        for name, expression in TRIGRAM_INDEXES.items():
            cursor.execute(f'CREATE INDEX IF NOT EXISTS {name} ON "logs_log" USING gin ({expression})')


def narrow_rows(apps, schema_editor):
    """Answers, derived values and findings (kilobytes of JSON a log) go to PostgreSQL's
    side storage from 128 bytes rather than 2 kB: a count or a page of the list then reads a
    tenth of the pages. Rows written before this move when they are next saved."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE "logs_log" SET (toast_tuple_target = 128)')


def default_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE "logs_log" RESET (toast_tuple_target)')


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            for name in TRIGRAM_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("logs", "0004_log_lists_and_duplicates")]

    operations = [
        migrations.AddField(model_name="log", name="postcode", field=models.CharField(blank=True, max_length=16)),
        migrations.RunPython(fill_postcodes, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
        migrations.RunPython(narrow_rows, default_rows),
    ]
