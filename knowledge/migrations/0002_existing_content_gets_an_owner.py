"""Lessons and cases published before content reviews existed get an owner (the
lesson's contributor, the case's creator) and a review date: their kind's period after
first publication, but no sooner than a month from now, so editors are not handed the
whole back catalogue as overdue on the day this ships."""

from datetime import date, timedelta

from django.db import migrations
from django.utils import timezone

LESSON_MONTHS = 12
CASE_MONTHS = 18


def _months_after(day, months):
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return date(year, month, 28)


def forwards(apps, schema_editor):
    stewardship = apps.get_model("core", "PageStewardship")
    earliest = timezone.localdate() + timedelta(days=30)
    existing = set(stewardship.objects.values_list("page_id", flat=True))
    rows = []
    for model_name, owner_field, months in (
        ("capture.ExperienceLessonPage", "contributor_id", LESSON_MONTHS),
        ("cases.CaseStudyPage", "owner_id", CASE_MONTHS),
    ):
        model = apps.get_model(*model_name.split("."))
        for page_id, owner_id, published in model.objects.filter(first_published_at__isnull=False).values_list(
            "pk", owner_field, "first_published_at"
        ):
            if page_id in existing:
                continue
            review_by = max(_months_after(published.date(), months), earliest)
            rows.append(stewardship(page_id=page_id, owner_id=owner_id, review_by=review_by))
    stewardship.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0001_initial"),
        ("core", "0005_pagestewardship"),
        ("capture", "0003_lessonlibrarypage_english_title"),
        ("cases", "0003_caseindexpage_english_title"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
