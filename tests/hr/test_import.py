"""Importing people from HR's staff list: preview first, then all at once; matched on
employee number; movers, leavers and returners; bad files named line by line."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import Region, Team, TeamMembership
from competencies.models import PersonGrade
from core.models import PageStewardship
from hr.models import PeopleImport, StaffChange
from tests.factories import RegionFactory, TeamFactory, UserFactory
from tests.hr.conftest import staff_csv, staff_xlsx

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def east(db):
    return RegionFactory(name="华东区域营销中心", code="east")


@pytest.fixture
def teams(east):
    director = UserFactory(username="zhangwei", display_name="张伟", employee_number="10001", region=east)
    one = TeamFactory(name="政企一组", region=east, director=director)
    two = TeamFactory(name="政企二组", region=east, director=None)
    return one, two, director


def people(*rows):
    return list(rows)


def test_the_preview_shows_what_will_change_and_changes_nothing(upload, grades, teams):
    record, page = upload(
        staff_xlsx(
            people(
                ["10001", "张伟", "zhangwei@example.com", "华东区域营销中心", "", "高级客户经理", "", "在职"],
                [10023, "王晓明", "wangxm@example.com", "华东区域营销中心", "政企一组", "初级客户经理", "10001", ""],
                [10024, "刘洋", "", "east", "政企二组", "初级客户经理", "10001", "在职"],
            )
        )
    )
    assert record.state == PeopleImport.State.PREVIEW
    text = page.content.decode()
    assert "王晓明" in text and "刘洋" in text
    assert record.counts["joined"] == 2
    # 政企二组 had no director; its members name 张伟.
    assert record.counts["directors"] == 1
    assert "Confirm and import" in text or "确认并导入" in text
    assert not User.objects.filter(employee_number="10023").exists()
    assert Team.objects.get(name="政企二组").director is None


def test_confirming_applies_everything_and_a_second_import_changes_nothing(upload, confirm, grades, teams):
    _one, two, director = teams
    rows = people(
        ["10023", "王晓明", "wangxm@example.com", "华东区域营销中心", "政企一组", "初级客户经理", "10001", "在职"],
        ["10024", "刘洋", "liuyang@example.com", "华东区域营销中心", "政企二组", "初级客户经理", "10001", "在职"],
    )
    record, _page = upload(staff_csv(rows))
    record, page = confirm(record)
    assert record.state == PeopleImport.State.DONE, record.error
    wang = User.objects.get(employee_number="10023")
    assert (wang.username, wang.legal_name, wang.display_name, wang.email) == (
        "10023",
        "王晓明",
        "王晓明",
        "wangxm@example.com",
    )
    assert not wang.has_usable_password()
    assert wang.region.code == "east"
    assert list(wang.team_memberships.values_list("team__name", flat=True)) == ["政企一组"]
    assert PersonGrade.objects.get(user=wang).grade.name == "初级客户经理"
    two.refresh_from_db()
    assert two.director == director
    assert StaffChange.objects.filter(kind=StaffChange.Kind.JOINED).count() == 2
    assert "王晓明" in page.content.decode()

    again, _page = upload(staff_csv(rows))
    assert again.counts.get("joined", 0) == 0
    assert again.counts["unchanged"] == 2
    again, _page = confirm(again)
    assert again.state == PeopleImport.State.DONE
    assert User.objects.filter(employee_number__in=["10023", "10024"]).count() == 2
    assert StaffChange.objects.filter(people_import=again).count() == 0


def test_a_mover_changes_team_with_history(upload, confirm, grades, teams):
    one, _two, _director = teams
    mover = UserFactory(employee_number="10030", display_name="周敏", legal_name="周敏", region=one.region)
    TeamMembership.objects.create(team=one, user=mover)
    record, page = upload(
        staff_csv(people(["10030", "周敏", mover.email, "华东区域营销中心", "政企二组", "", "", ""]))
    )
    assert record.counts["moved"] == 1
    assert "政企一组" in page.content.decode()
    confirm(record)
    assert list(mover.team_memberships.values_list("team__name", flat=True)) == ["政企二组"]
    change = StaffChange.objects.get(person=mover)
    assert (change.kind, change.before, change.after) == (StaffChange.Kind.MOVED, "政企一组", "政企二组")


def test_a_persons_history_is_found_by_employee_number_or_name(upload, confirm, hr_client, grades, teams):
    one, _two, _director = teams
    mover = UserFactory(employee_number="10031", display_name="周敏", legal_name="周敏", region=one.region)
    TeamMembership.objects.create(team=one, user=mover)
    record, _page = upload(
        staff_csv(people(["10031", "周敏", mover.email, "华东区域营销中心", "政企二组", "", "", ""]))
    )
    confirm(record)
    for query in ("10031", "周"):
        page = hr_client.get(reverse("hr_import_history"), {"q": query}).content.decode()
        assert "政企一组" in page and "政企二组" in page and "staff.csv" in page
    nobody = hr_client.get(reverse("hr_import_history"), {"q": "无此人" * 30})
    assert nobody.status_code == 200 and "政企一组" not in nobody.content.decode()


def test_a_leaver_is_deactivated_keeps_their_content_and_hands_it_to_their_director(
    upload, confirm, grades, teams, home_page
):
    one, _two, director = teams
    leaver = UserFactory(employee_number="10040", display_name="孙磊", region=one.region)
    TeamMembership.objects.create(team=one, user=leaver)
    stewardship = PageStewardship.objects.create(page=home_page, owner=leaver)
    record, _page = upload(staff_csv(people(["10040", "孙磊", "", "", "", "", "", "离职"])))
    assert record.counts["left"] == 1
    record, _page = confirm(record)
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert not leaver.team_memberships.exists()
    stewardship.refresh_from_db()
    assert stewardship.owner == director
    assert StaffChange.objects.get(person=leaver).kind == StaffChange.Kind.LEFT


def test_a_full_roster_retires_people_missing_from_it_but_never_an_administrator(upload, confirm, grades, teams):
    _one, _two, director = teams
    missing = UserFactory(employee_number="10050")
    admin = UserFactory(employee_number="10099", is_superuser=True)
    no_number = UserFactory(employee_number="")
    record, _page = upload(
        staff_csv(people(["10001", "张伟", director.email, "华东区域营销中心", "", "", "", ""])), full_roster="on"
    )
    assert record.counts["left"] == 1
    warnings = " ".join(record.warnings)
    assert str(admin) in warnings and "李人事" in warnings
    confirm(record)
    missing.refresh_from_db(), admin.refresh_from_db(), no_number.refresh_from_db()
    assert (missing.is_active, admin.is_active, no_number.is_active) == (False, True, True)


def test_a_returning_person_is_reactivated(upload, confirm, grades, teams):
    back = UserFactory(employee_number="10060", is_active=False)
    record, _page = upload(staff_csv(people(["10060", back.legal_name, back.email, "", "", "", "", "在职"])))
    assert record.counts["returned"] == 1
    confirm(record)
    back.refresh_from_db()
    assert back.is_active


def test_problems_are_named_by_line_and_block_the_import(upload, confirm, grades, teams):
    record, page = upload(
        staff_csv(
            people(
                ["10070", "甲", "not-an-email", "华东区域营销中心", "政企一组", "", "", ""],
                ["10070", "乙", "", "华东区域营销中心", "政企九组", "", "", ""],
                ["10071", "丙", "", "火星区域", "", "", "", ""],
                ["10072", "丁", "", "华东区域营销中心", "政企一组", "总裁", "99999", ""],
                ["", "戊", "", "", "", "", "", "休假"],
            )
        )
    )
    assert record.state == PeopleImport.State.PREVIEW
    problems = {(line, message) for line, _column, message in record.problems}
    messages = " ".join(message for _line, message in problems)
    text = page.content.decode()
    for expected in ("not-an-email", "10070", "政企九组", "火星区域", "总裁", "99999", "休假"):
        assert expected in messages, expected
        assert expected in text
    assert {line for line, _message in problems} == {2, 3, 4, 5, 6}
    assert "Confirm and import" not in text
    # Pressing confirm anyway (an old tab) changes nothing.
    record, page = confirm(record)
    assert record.state == PeopleImport.State.PREVIEW
    assert not User.objects.filter(employee_number__in=["10071", "10072"]).exists()


def test_directors_must_be_among_the_people_and_agree_within_a_team(upload, grades, teams):
    record, _page = upload(
        staff_csv(
            people(
                ["10080", "甲", "", "华东区域营销中心", "政企二组", "", "10001", ""],
                ["10081", "乙", "", "华东区域营销中心", "政企二组", "", "10082", ""],
                ["10082", "丙", "", "华东区域营销中心", "", "", "", "离职"],
            )
        )
    )
    messages = " ".join(message for _line, _column, message in record.problems)
    assert "10082" in messages
    assert {line for line, _column, _message in record.problems} == {2, 3}


def test_unknown_regions_and_teams_are_created_only_when_asked(upload, confirm, grades, teams):
    rows = people(["10090", "甲", "", "华南区域营销中心", "集客三组", "", "", ""])
    refused, _page = upload(staff_csv(rows))
    assert len(refused.problems) == 1
    created, _page = upload(staff_csv(rows), create_missing="on")
    assert created.problems == []
    assert created.counts["new_regions"] == 1 and created.counts["new_teams"] == 1
    confirm(created)
    region = Region.objects.get(name="华南区域营销中心")
    assert region.code and Team.objects.get(name="集客三组").region == region


def test_a_title_row_above_the_column_names_is_skipped(upload, grades, teams):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = "2026年12月花名册\n工号,姓名,区域,团队\n10130,欧阳娜娜,华东区域营销中心,政企一组\n10131,,,\n"
    record, _page = upload(SimpleUploadedFile("roster.csv", content.encode("gb18030")))
    assert record.counts["joined"] == 2
    assert [(line, column) for line, column, _message in record.problems] == [(4, "姓名")]


def test_a_csv_saved_by_chinese_excel_in_gb18030_reads_right(upload, grades, teams):
    record, page = upload(
        staff_csv(people(["10100", "欧阳娜娜", "", "华东区域营销中心", "政企一组", "", "", ""]), encoding="gb18030")
    )
    assert record.problems == []
    assert "欧阳娜娜" in page.content.decode()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x00\x01\x02garbage", "staff.xlsx", "Excel"),
        ("姓名,邮箱\n张三,a@b.cn\n".encode(), "staff.csv", "工号"),
        ("工号,姓名\n".encode(), "staff.csv", "没有人员"),
    ],
)
def test_an_unreadable_file_fails_with_a_clear_message(upload, grades, content, name, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    record, page = upload(SimpleUploadedFile(name, content))
    assert record.state == PeopleImport.State.FAILED
    assert message in record.error
    assert message in page.content.decode()


@pytest.mark.parametrize(
    ("content", "name", "message"), [(b"%PDF-1.4", "staff.pdf", "Excel"), (b"", "staff.csv", "空文件")]
)
def test_a_wrong_or_empty_file_is_refused_on_the_form(hr_client, grades, content, name, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = hr_client.post(reverse("hr_import"), {"file": SimpleUploadedFile(name, content), "full_roster": "on"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"]["full_roster"].value() is True
    assert not PeopleImport.objects.exists()


def test_the_problems_download_and_the_template(upload, hr_client, grades, teams):
    from io import BytesIO

    from openpyxl import load_workbook

    record, _page = upload(staff_csv(people(["", "甲", "", "", "", "", "", ""])))
    response = hr_client.get(reverse("hr_import_problems", args=[record.pk]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == 2
    template = hr_client.get(reverse("hr_import_template"))
    header = next(load_workbook(BytesIO(template.content)).active.iter_rows(values_only=True))
    assert header[:2] == ("工号", "姓名")


def test_only_people_allowed_to_import_may_see_or_use_it(client, learner, editor, grades, teams, upload):
    record, _page = upload(staff_csv(people(["10110", "甲", "", "", "", "", "", ""])))
    for person in (learner, editor):
        client.force_login(person)
        for name, args in (("hr_import", []), ("hr_import_record", [record.pk]), ("hr_import_template", [])):
            assert client.get(reverse(name, args=args)).status_code in (302, 403)
        assert client.post(reverse("hr_import_confirm", args=[record.pk])).status_code in (302, 403)
    record.refresh_from_db()
    assert record.state == PeopleImport.State.PREVIEW


def test_an_unknown_import_is_a_404(hr_client):
    assert hr_client.get(reverse("hr_import_record", args=["999999"])).status_code == 404
    assert hr_client.get(reverse("hr_import_record", args=["abc"])).status_code == 404


def test_a_preview_gone_stale_applies_nothing(upload, confirm, grades, teams):
    one, _two, _director = teams
    record, _page = upload(staff_csv(people(["10120", "甲", "", "华东区域营销中心", "政企一组", "", "", ""])))
    one.delete()
    record, page = confirm(record)
    assert record.state == PeopleImport.State.FAILED
    assert not User.objects.filter(employee_number="10120").exists()
    assert "政企一组" in page.content.decode()


def test_an_import_tells_the_kept_workspaces_of_the_people_and_teams_it_changed(upload, confirm, grades, teams):
    from accounts.selectors import teams_generation
    from core.person_generation import person_generation

    one, _two, _director = teams
    mover = UserFactory(employee_number="10030", display_name="周敏", legal_name="周敏", region=one.region)
    TeamMembership.objects.create(team=one, user=mover)
    bystander = UserFactory(employee_number="10031")
    before = teams_generation.current(), person_generation.current(mover.pk), person_generation.current(bystander.pk)
    record, _page = upload(
        staff_csv(people(["10030", "周敏", mover.email, "华东区域营销中心", "政企二组", "高级客户经理", "", ""]))
    )
    assert before == (
        teams_generation.current(),
        person_generation.current(mover.pk),
        person_generation.current(bystander.pk),
    ), "a preview changes nothing"
    confirm(record)
    assert PersonGrade.objects.get(user=mover).grade.name == "高级客户经理"
    assert teams_generation.current() != before[0]
    assert person_generation.current(mover.pk) != before[1]
    assert person_generation.current(bystander.pk) == before[2]
