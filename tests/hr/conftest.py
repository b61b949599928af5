import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from competencies.models import JobGrade
from hr.models import PeopleImport
from tests.factories import UserFactory

HEADER = ["工号", "姓名", "邮箱", "区域", "团队", "岗位层级", "主任工号", "在职状态"]


def staff_csv(rows, *, header=HEADER, encoding="utf-8", name="staff.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding))


def staff_xlsx(rows, *, header=HEADER, name="staff.xlsx"):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def grades(db):
    """The deck's four job grades; the rest of the competency model plays no part."""
    return [
        JobGrade.objects.create(code=code, name=name, rank=rank)
        for rank, (code, name) in enumerate(
            [("junior", "初级客户经理"), ("middle", "中级客户经理"), ("senior", "高级客户经理"), ("it", "信息化顾问")],
            start=1,
        )
    ]


@pytest.fixture
def hr_admin(db):
    """Someone HR trusts with the staff list, without being a superuser."""
    person = UserFactory(username="hr-li", display_name="李人事", roles=[])
    person.is_staff = True
    person.save()
    person.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(content_type__app_label="hr", codename="add_peopleimport"),
    )
    return person


@pytest.fixture
def hr_client(client, hr_admin):
    client.force_login(hr_admin)
    return client


@pytest.fixture
def upload(hr_client, django_capture_on_commit_callbacks):
    """Upload a staff list; the check runs as the worker would after the commit.
    Returns (the import, the page the person lands on)."""

    def send(file, **options):
        with django_capture_on_commit_callbacks(execute=True):
            response = hr_client.post(reverse("hr_import"), {"file": file, **options})
        assert response.status_code == 302, response.content.decode()[:2000]
        record = PeopleImport.objects.latest("pk")
        return record, hr_client.get(response["Location"])

    return send


@pytest.fixture
def confirm(hr_client, django_capture_on_commit_callbacks):
    def press(record):
        with django_capture_on_commit_callbacks(execute=True):
            response = hr_client.post(reverse("hr_import_confirm", args=[record.pk]))
        record.refresh_from_db()
        return record, hr_client.get(response["Location"])

    return press
