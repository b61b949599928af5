"""Keeping lessons and cases true: owners and review dates, the editors' report,
confirming, retiring as obsolete (marked, and last in search), flagging a tag, handing
content over."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from core.freshness import confirm_current, flag_tag_for_review, mark_obsolete
from core.models import PageStewardship
from tests.conftest import EN
from tests.factories import LearnerFactory
from tests.knowledge.conftest import make_case, publish_lesson

pytestmark = pytest.mark.django_db


def test_an_obsolete_lesson_stays_readable_and_says_why(client, editor, lesson, lesson_library):
    assert "obsolete-badge" not in client.get(lesson_library.url).content.decode()
    mark_obsolete(user=editor, page=lesson, note="2026 年起按新资费执行，请看新版资费手册。")
    html = client.get(lesson.url).content.decode()
    assert "这篇内容已不符合现行的产品、资费或政策，仅保留作参考。" in html
    assert "2026 年起按新资费执行，请看新版资费手册。" in html
    assert lesson.title in html
    library = client.get(lesson_library.url).content.decode()
    assert f'{lesson.title}</a> <span class="obsolete-badge">已过时</span>' in library


def test_an_overdue_review_warns_readers(client, lesson):
    PageStewardship.objects.filter(page=lesson).update(
        review_by=timezone.localdate() - timedelta(days=3), review_reason="新工单系统已上线"
    )
    html = client.get(lesson.url).content.decode()
    assert "到期待复查：使用前请先核对其中的数字和优惠。" in html and "新工单系统已上线" in html


@pytest.mark.search_index
def test_obsolete_content_ranks_below_current_content_in_search(
    client, editor, colleague, lesson, case_index, django_capture_on_commit_callbacks
):
    # Equal matches rank newest first: the stale lesson would come before the older one.
    stale = publish_lesson(colleague, title="联络人引荐的老办法", tags=["联络人"], editor=editor)
    current = make_case(case_index, title="银行联络人不引荐", tags=["联络人"])

    def titles():
        response = client.get(reverse("search"), {"q": "联络人"}, **EN)
        return [result.page.title for result in response.context["outcome"].results], response.content.decode()

    before, _html = titles()
    assert before.index(stale.title) < before.index(lesson.title)
    with django_capture_on_commit_callbacks(execute=True):
        mark_obsolete(user=editor, page=stale, note="旧做法")
    after, html = titles()
    assert after[-1] == stale.title and after.index(current.title) < after.index(stale.title)
    assert html.count(">Obsolete</span>") == 1

    with django_capture_on_commit_callbacks(execute=True):
        confirm_current(user=editor, page=stale, review_by=timezone.localdate() + timedelta(days=200))
    assert titles()[0] == before


def test_flagging_a_tag_puts_every_current_lesson_and_case_under_it_on_the_review_list(
    client, editor, colleague, lesson, case_index
):
    case = make_case(case_index, title="专线资费之争", tags=["联络人"])
    untouched = publish_lesson(colleague, title="学校的预算周期", tags=["预算"], editor=editor)
    retired = publish_lesson(colleague, title="旧资费下的报价", tags=["联络人"], editor=editor)
    mark_obsolete(user=editor, page=retired, note="旧资费")
    before = PageStewardship.objects.get(page=untouched).review_by

    client.force_login(editor)
    response = client.post(
        reverse("knowledge_flag_tag"),
        {"tag": "联络人", "reason": "1 月 1 日起执行新资费", "review_by": ""},
        follow=True,
    )
    assert "带有“联络人”标签的 2 篇经验和案例已列入待复查。" in response.content.decode()
    today = timezone.localdate()
    for page in (lesson, case):
        stewardship = PageStewardship.objects.get(page=page)
        assert stewardship.review_by == today and stewardship.review_reason == "1 月 1 日起执行新资费"
    assert PageStewardship.objects.get(page=untouched).review_by == before
    assert PageStewardship.objects.get(page=retired).review_reason == ""

    report = client.get(reverse("knowledge_upkeep_report") + "?status=attention").content.decode()
    assert lesson.title in report and case.title in report and untouched.title not in report


def test_a_tag_nobody_uses_is_refused_and_the_reason_kept(client, editor, lesson):
    client.force_login(editor)
    response = client.post(reverse("knowledge_flag_tag"), {"tag": "不存在的标签", "reason": "新政策"})
    html = response.content.decode()
    assert "没有经验或案例带有“不存在的标签”这个标签。" in html
    assert 'value="新政策"' in html


def test_an_editor_confirms_or_retires_content_from_its_review_page(client, editor, lesson):
    client.force_login(editor)
    url = reverse("knowledge_review_page", args=[lesson.pk])
    assert client.get(url).status_code == 200
    next_year = timezone.localdate() + timedelta(days=365)
    client.post(url, {"action": "confirm", "confirm-review_by": next_year.isoformat()})
    stewardship = PageStewardship.objects.get(page=lesson)
    assert stewardship.review_by == next_year and stewardship.reviewed_by == editor

    refused = client.post(url, {"action": "obsolete", "obsolete-note": ""})
    assert refused.status_code == 400
    client.post(url, {"action": "obsolete", "obsolete-note": "被新版取代"})
    stewardship.refresh_from_db()
    assert stewardship.is_obsolete and stewardship.obsolete_note == "被新版取代"


def test_a_past_review_date_is_refused(client, editor, lesson):
    client.force_login(editor)
    response = client.post(
        reverse("knowledge_review_page", args=[lesson.pk]),
        {"action": "confirm", "confirm-review_by": (timezone.localdate() - timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400
    assert "请选择一个今天之后的复查日期。" in response.content.decode()


def test_an_owner_who_leaves_hands_their_content_over(client, editor, colleague, lesson):
    successor = LearnerFactory(username="zhoumin", display_name="周敏")
    colleague.is_active = False
    colleague.save()
    client.force_login(editor)
    report = client.get(reverse("knowledge_upkeep_report") + "?status=owner_left").content.decode()
    assert lesson.title in report and "刘洋（已离职）" in report
    client.post(reverse("knowledge_hand_over"), {"from_user": colleague.pk, "to_user": successor.pk})
    assert PageStewardship.objects.get(page=lesson).owner == successor


def test_only_editors_keep_content(client, learner, director, lesson):
    for person in (learner, director):
        client.force_login(person)
        assert client.get(reverse("knowledge_upkeep_report")).status_code in (302, 403)
        assert client.post(reverse("knowledge_review_page", args=[lesson.pk]), {"action": "obsolete"}).status_code in (
            302,
            403,
        )
    assert not PageStewardship.objects.filter(obsolete_at__isnull=False).exists()
    with pytest.raises(PermissionDenied):
        flag_tag_for_review(user=learner, tag=Tag.objects.get(name="联络人"), reason="x")


def test_the_review_report_exports_to_excel(client, editor, lesson):
    import io

    from openpyxl import load_workbook

    client.force_login(editor)
    response = client.get(reverse("knowledge_upkeep_report"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][:3] == ("经验或案例", "状态", "复查日期")
    assert rows[1][0] == lesson.title and rows[1][1] == "有效" and rows[1][3] == "刘洋"
