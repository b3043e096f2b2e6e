"""On PostgreSQL, the logs' JSON (answers, derived values, findings) and the audit trail's
changes are compressed with LZ4 rather than PostgreSQL's default: several times faster to
write and read, for a little more space. A bulk upload of 20,000 logs spent a third of its
writing time compressing (bench/upload.py, docs/benchmarks.md). A server built without LZ4
keeps its default."""

from django.db import migrations, transaction

COLUMNS = {"logs_log": ("answers", "derived", "errors", "warnings"), "logs_auditevent": ("changes",)}


def compression(method):
    def change(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, columns in COLUMNS.items():
            clauses = ", ".join(f'ALTER COLUMN "{c}" SET COMPRESSION {method}' for c in columns)
            try:
                with transaction.atomic(using=schema_editor.connection.alias):
                    schema_editor.execute(f'ALTER TABLE "{table}" {clauses}')
            except Exception as error:  # PostgreSQL before 14, or built without LZ4
                print(f"\n  {table}: compression {method} is not available ({error}); keeping the default")
                return

    return change


class Migration(migrations.Migration):
    dependencies = [("logs", "0005_log_postcode_search")]

    operations = [migrations.RunPython(compression("lz4"), compression("pglz"))]
