"""Remove the blank cause and option rows that every save of a draft used to add."""

from django.db import migrations
from django.db.models import Q


def remove_blank_rows(apps, schema_editor):
    blank_cause = Q(cause__regex=r"^\s*$") & Q(evidence__regex=r"^\s*$")
    blank_option = Q(option__regex=r"^\s*$") & Q(pros__regex=r"^\s*$") & Q(cons__regex=r"^\s*$")
    apps.get_model("capture", "ExperienceCause").objects.filter(blank_cause).delete()
    apps.get_model("capture", "ExperienceOption").objects.filter(blank_option).delete()


class Migration(migrations.Migration):
    dependencies = [("capture", "0001_initial")]

    operations = [migrations.RunPython(remove_blank_rows, migrations.RunPython.noop)]
