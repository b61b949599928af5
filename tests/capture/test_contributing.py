"""A contributor shares an experience: the guided form, drafts, submitting, and never
losing what was typed."""

import pytest
from django.urls import reverse

from capture.models import Experience
from tests.capture.conftest import form_data, make_experience
from tests.conftest import EN
from tests.html_forms import form_fields

pytestmark = pytest.mark.django_db

EXPERIENCE_FORM = "form[data-experience-form]"


def test_the_form_walks_through_the_seven_steps_with_the_decks_questions(learner_client, taxonomy):
    html = learner_client.get(reverse("capture:share")).content.decode()
    for step in ("察觉问题", "陈述问题", "理清问题", "原因识别", "确定决策目标", "制定行动方案", "评估方案并决策"):
        assert step in html
    assert "客户究竟要什么" in html
    assert "踩过的坑" in html
    assert "口诀" in html
    assert "需求理解与分析" in html  # the competencies to tick
    assert "交通物流" in html  # the industries to choose from


def test_signed_out_visitors_are_sent_to_sign_in(client, taxonomy):
    response = client.get(reverse("capture:share"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_draft_saves_with_nothing_but_a_problem(learner_client, learner, taxonomy):
    data = form_data(actions="", lesson="", tags="", action="save")
    data["causes-0-cause"] = ""
    data["causes-0-evidence"] = ""
    response = learner_client.post(reverse("capture:share"), data)
    experience = Experience.objects.get(author=learner)
    assert response.status_code == 302
    assert response["Location"] == reverse("capture:edit", args=[experience.pk])
    assert experience.state == Experience.State.DRAFT
    assert experience.problem == "客户联络人总是不帮我们联系公司负责人"
    assert experience.causes.count() == 0


def test_submitting_without_the_required_three_keeps_the_draft_and_says_what_is_missing(
    learner_client, learner, taxonomy
):
    response = learner_client.post(reverse("capture:share"), form_data(lesson="", action="submit"), follow=True)
    experience = Experience.objects.get(author=learner)
    html = response.content.decode()
    assert experience.state == Experience.State.DRAFT
    assert experience.actions == "帮联络人准备一页纸的汇报材料，让他主讲"
    assert "已保存为草稿" in html
    assert "提交前请填写“值得同事借鉴的经验”" in html
    assert "帮联络人准备一页纸的汇报材料" in html


def test_submitting_a_complete_experience_sends_it_to_review(learner_client, learner, taxonomy):
    response = learner_client.post(reverse("capture:share"), form_data(action="submit"), follow=True)
    experience = Experience.objects.get(author=learner)
    assert experience.state == Experience.State.SUBMITTED
    assert experience.submitted_at is not None
    assert experience.causes.get().evidence == "他说过上一家运营商越级找了局长"
    assert sorted(tag.name for tag in experience.tags.all()) == ["决策者", "联络人"]
    html = response.content.decode()
    assert response.request["PATH_INFO"] == reverse("capture:mine")
    assert "等待审核" in html
    assert "客户联络人总是不帮我们联系公司负责人" in html


def test_a_too_long_answer_is_refused_and_everything_typed_comes_back(learner_client, learner, taxonomy):
    data = form_data(problem="长" * 301, pitfalls="第一次拜访只带了降价方案", action="save")
    response = learner_client.post(reverse("capture:share"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert not Experience.objects.exists()
    assert "长" * 301 in html
    assert "第一次拜访只带了降价方案" in html
    assert "联络人担心失去对供应商关系的控制" in html
    assert "300" in html  # the limit, in the field's error


def test_an_expired_session_keeps_the_text_until_the_person_signs_in_again(client, learner, password, taxonomy):
    data = form_data(pitfalls="差点把路走死", action="save")
    response = client.post(reverse("capture:share"), data)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not Experience.objects.exists()

    client.post(reverse("accounts:login"), {"username": learner.username, "password": password})
    response = client.get(reverse("capture:share"), follow=True)
    experience = Experience.objects.get(author=learner)
    assert experience.pitfalls == "差点把路走死"
    assert experience.causes.get().cause == "联络人担心失去对供应商关系的控制"
    assert "差点把路走死" in response.content.decode()


def test_an_expired_session_on_an_existing_draft_keeps_the_edit(client, learner, password, taxonomy):
    experience = make_experience(learner)
    url = reverse("capture:edit", args=[experience.pk])
    client.post(url, form_data(lesson="重新写过的经验", action="save"))
    experience.refresh_from_db()
    assert experience.lesson == "回访不问故障问计划"

    client.post(reverse("accounts:login"), {"username": learner.username, "password": password})
    client.get(url)
    experience.refresh_from_db()
    assert experience.lesson == "重新写过的经验"


def test_autosave_creates_the_draft_then_updates_the_same_rows(learner_client, learner, taxonomy):
    response = learner_client.post(reverse("capture:autosave_new"), form_data())
    assert response.status_code == 200
    saved = response.json()
    experience = Experience.objects.get(author=learner)
    assert saved["id"] == experience.pk
    assert saved["edit_url"] == reverse("capture:edit", args=[experience.pk])
    cause_id = experience.causes.get().pk
    assert saved["rows"]["causes"] == [cause_id]
    assert saved["rows"]["options"] == [""]

    # The script writes the row ids back and marks every row initial.
    again = form_data(**{"causes-0-id": str(cause_id), "causes-INITIAL_FORMS": "1", "causes-0-cause": "改过的原因"})
    again["options-INITIAL_FORMS"] = "1"
    response = learner_client.post(saved["autosave_url"], again)
    assert response.status_code == 200
    assert list(experience.causes.values_list("cause", flat=True)) == ["改过的原因"]
    assert Experience.objects.count() == 1


def test_autosave_signed_out_answers_401_and_keeps_the_text(client, learner, password, taxonomy):
    experience = make_experience(learner)
    response = client.post(reverse("capture:autosave", args=[experience.pk]), form_data(goal="保住八成收入"))
    assert response.status_code == 401
    assert response.json()["error"] == "signed_out"

    client.post(reverse("accounts:login"), {"username": learner.username, "password": password})
    client.get(reverse("capture:edit", args=[experience.pk]))
    experience.refresh_from_db()
    assert experience.goal == "保住八成收入"


def test_autosave_reports_a_too_long_answer_without_saving(learner_client, learner, taxonomy):
    experience = make_experience(learner)
    response = learner_client.post(
        reverse("capture:autosave", args=[experience.pk]), form_data(rule_of_thumb="口" * 121)
    )
    assert response.status_code == 400
    assert "rule_of_thumb" in response.json()["errors"]


def test_nobody_edits_or_autosaves_someone_elses_experience(client, learner, stranger, taxonomy):
    experience = make_experience(learner)
    client.force_login(stranger)
    assert client.get(reverse("capture:edit", args=[experience.pk])).status_code == 403
    assert client.post(reverse("capture:edit", args=[experience.pk]), form_data()).status_code == 403
    assert client.post(reverse("capture:autosave", args=[experience.pk]), form_data()).status_code == 403
    assert client.post(reverse("capture:delete", args=[experience.pk])).status_code == 403
    experience.refresh_from_db()
    assert experience.actions == "请行业经理一起拜访，提出统一组网方案"


def test_a_submission_under_review_cannot_be_changed_by_its_author(learner_client, learner, taxonomy):
    experience = make_experience(learner, state=Experience.State.SUBMITTED)
    response = learner_client.get(reverse("capture:edit", args=[experience.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("capture:detail", args=[experience.pk])
    response = learner_client.post(reverse("capture:autosave", args=[experience.pk]), form_data())
    assert response.status_code == 409


def test_unknown_experiences_are_not_found(learner_client, taxonomy):
    for name in ("capture:edit", "capture:detail"):
        assert learner_client.get(reverse(name, args=[987654])).status_code == 404


def test_a_draft_can_be_deleted_but_not_a_submission(learner_client, learner, taxonomy):
    draft = make_experience(learner)
    learner_client.post(reverse("capture:delete", args=[draft.pk]))
    assert not Experience.objects.filter(pk=draft.pk).exists()
    returned = make_experience(learner, state=Experience.State.CHANGES_REQUESTED)
    learner_client.post(reverse("capture:delete", args=[returned.pk]))
    assert Experience.objects.filter(pk=returned.pk).exists()


def test_my_contributions_lists_each_with_its_state(learner_client, learner, taxonomy):
    make_experience(learner, problem="第一个问题")
    make_experience(learner, problem="第二个问题", state=Experience.State.SUBMITTED)
    html = learner_client.get(reverse("capture:mine"), **EN).content.decode()
    assert "第一个问题" in html
    assert "Draft" in html
    assert "第二个问题" in html
    assert "Awaiting review" in html


def test_my_contributions_invites_a_first_share_when_empty(learner_client, taxonomy):
    html = learner_client.get(reverse("capture:mine")).content.decode()
    assert "你还没有分享过经验" in html
    assert reverse("capture:share") in html


def test_the_profile_counts_what_the_person_shared(learner_client, learner, editor, taxonomy, lesson_library):
    from capture.services import approve
    from core.engagement import mark_helpful

    lesson = approve(
        reviewer=editor, experience=make_experience(learner, state=Experience.State.SUBMITTED), title="经验"
    )
    mark_helpful(user=editor, page=lesson)
    html = learner_client.get(reverse("accounts:profile")).content.decode()
    assert "已发布 1 条经验" in html
    assert "同事点赞 1 次" in html


def test_saving_a_draft_again_and_again_adds_no_blank_rows(learner_client, learner, taxonomy):
    learner_client.post(reverse("capture:share"), form_data(action="save"))
    experience = Experience.objects.get(author=learner)
    edit_url = reverse("capture:edit", args=[experience.pk])

    for _ in range(3):
        page = learner_client.get(edit_url)
        learner_client.post(edit_url, {**form_fields(page.content.decode(), EXPERIENCE_FORM), "action": "save"})

    assert list(experience.causes.values_list("cause", flat=True)) == ["联络人担心失去对供应商关系的控制"]
    assert not experience.options.exists()
    page = learner_client.get(edit_url).content.decode()
    assert "原因 3" not in page and "Cause 3" not in page


def test_a_row_emptied_by_its_author_is_removed(learner_client, learner, taxonomy):
    experience = make_experience(learner)
    edit_url = reverse("capture:edit", args=[experience.pk])
    fields = form_fields(learner_client.get(edit_url).content.decode(), EXPERIENCE_FORM)
    fields.update({"causes-0-cause": "", "causes-0-evidence": "", "action": "save"})

    learner_client.post(edit_url, fields)

    assert not experience.causes.exists()


def test_a_too_long_cause_is_refused_not_dropped(learner_client, learner, taxonomy):
    experience = make_experience(learner)
    edit_url = reverse("capture:edit", args=[experience.pk])
    fields = form_fields(learner_client.get(edit_url).content.decode(), EXPERIENCE_FORM)
    fields.update({"causes-0-cause": "长" * 1001, "action": "save"})

    response = learner_client.post(edit_url, fields)

    assert response.status_code == 400
    assert "长" * 1001 in response.content.decode()
    assert list(experience.causes.values_list("cause", flat=True)) == ["只维护了一个联系人"]


def test_autosave_does_not_create_an_untitled_draft_from_a_stray_tick(learner_client, learner, taxonomy):
    nothing_yet = form_data(problem="", actions="", lesson="", tags="", outcome="")
    response = learner_client.post(reverse("capture:autosave_new"), nothing_yet)
    assert response.status_code == 400 and response.json()["error"] == "empty"
    assert not Experience.objects.exists()
    # "Save draft" pressed on purpose still keeps whatever is there.
    learner_client.post(reverse("capture:share"), {**nothing_yet, "goal": "保住八成收入", "action": "save"})
    assert Experience.objects.get(author=learner).goal == "保住八成收入"
