"""Invariant 1 (one centre at a time) as a PostgreSQL exclusion constraint.

The submit service already serialises a candidate's requests under a row lock; this is the
database's own guard behind it. SQLite (the embedded default) has no exclusion constraints, so
the operation only runs on PostgreSQL.
"""

from django.db import migrations

ACTIVE = "('submitted', 'pre_validated', 'paid', 'confirmed')"

CREATE = f"""
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE registrations_registration
  ADD CONSTRAINT registration_one_centre_per_session
  EXCLUDE USING gist (candidate_id WITH =, session_id WITH =, centre_id WITH <>)
  WHERE (status IN {ACTIVE});
"""
DROP = (
    "ALTER TABLE registrations_registration "
    "DROP CONSTRAINT IF EXISTS registration_one_centre_per_session;"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("registrations", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
