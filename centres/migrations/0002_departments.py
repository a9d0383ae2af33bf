"""Every French département and overseas territory, as UPPCTSC's centres can be in any of them."""

from django.db import migrations

from centres.departments import DEPARTMENTS



def load(apps, schema_editor):
    Department = apps.get_model("centres", "Department")
    for code, name in DEPARTMENTS:
        Department.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("centres", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
