"""HR's staff list through the production stack: uploaded on one app server, checked
and imported by the task worker, confirmed on the other app server, progress read from
the shared cache."""

import re
import time

import pytest

from tests.production.admin import signed_in

pytestmark = pytest.mark.production_stack

HR_PERSON = """
from django.contrib.auth.models import Permission
from accounts.demo import DEMO_PASSWORD
from accounts.models import User
person, _ = User.objects.get_or_create(username="hr-li", defaults={"display_name": "李人事", "is_staff": True})
person.set_password(DEMO_PASSWORD)
person.save()
person.user_permissions.add(
    Permission.objects.get(codename="access_admin"),
    Permission.objects.get(content_type__app_label="hr", codename="add_peopleimport"),
)
"""
STAFF_LIST = (
    "工号,姓名,邮箱,区域,团队,岗位层级,主任工号,在职状态\n"
    "E3002,刘洋,liuyang@example.com,城西区域营销中心,城西集客一组,中级客户经理,E2002,在职\n"
    "P9001,欧阳娜娜,ouyang@example.com,城东区域营销中心,城东集客一组,初级客户经理,E2001,在职\n"
)


def wait_for(client, path, text, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = client.get(path).text
        if text in page:
            return page
        time.sleep(0.5)
    raise AssertionError(f"{path} never showed {text!r}; last seen:\n{page[:3000]}")


def test_a_staff_list_is_checked_and_imported_by_the_worker(stack):
    stack.manage("shell", "-c", HR_PERSON)
    hr = signed_in(stack.urls[0], "hr-li")
    response = hr.post(
        "/admin/people-import/",
        {"full_roster": ""},
        files={"file": ("花名册.csv", STAFF_LIST.encode("gb18030"), "text/csv")},
    )
    assert response.status_code == 302, response.text[:2000]
    record_path = response.headers["Location"]
    preview = wait_for(hr, record_path, "确认并导入")
    assert "欧阳娜娜" in preview and "城西集客一组" in preview

    on_other_server = hr.on(stack.urls[1])
    confirm_path = re.search(r'action="(/admin/people-import/\d+/confirm/)"', preview).group(1)
    for _ in range(2):  # a double click
        assert on_other_server.post(confirm_path, referer=record_path).status_code == 302
    done = wait_for(on_other_server, record_path, "本次导入的更改")
    assert "入职" in done and "调动团队" in done
    runs = [run for run in stack.task_runs() if "run_people_import" in run[1]]
    assert len(runs) == 1 and runs[0][2] == "SUCCESSFUL", runs
