"""Wagtail names its default workflow and task after the Moderators group, in English
("Moderators approval"); our editors read the admin in Chinese."""

from django.db import migrations

WAGTAIL_NAME = "Moderators approval"
CHINESE_NAME = "编辑审核"


def rename(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WAGTAIL_NAME).update(name=CHINESE_NAME)
    apps.get_model("wagtailcore", "Task").objects.filter(name=WAGTAIL_NAME).update(name=CHINESE_NAME)


def restore(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=CHINESE_NAME).update(name=WAGTAIL_NAME)
    apps.get_model("wagtailcore", "Task").objects.filter(name=CHINESE_NAME).update(name=WAGTAIL_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_search_dictionary_and_synonyms"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(rename, restore)]
