import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts.roles import ASSESSOR
from competencies import demo as competencies_demo
from learning import demo as learning_demo
from quizzes import demo as quizzes_demo
from quizzes.models import Attempt, Certificate, Certification, QuizPage, SignOff
from quizzes.services import start_attempt, submit_attempt
from tests.browser.conftest import BROWSER_TEST_MARKS, assert_pages_pass_axe, sign_in, sign_in_by_session
from tests.factories import PASSWORD, UserFactory

pytestmark = BROWSER_TEST_MARKS


@pytest.fixture
def assessment_section(demo_learner):
    competencies_demo.load()
    learning_demo.load()
    return quizzes_demo.load()


def answer_correctly(page, attempt):
    for answer in attempt.answers.order_by("position"):
        snapshot, name = answer.snapshot, f"q{answer.position}"
        correct = [choice["id"] for choice in snapshot["choices"] if choice["correct"]]
        kind = snapshot["kind"]
        if kind in ("single", "multiple"):
            for pk in correct:
                page.locator(f'input[name="{name}"][value="{pk}"]').check()
        elif kind == "true_false":
            page.locator(f'input[name="{name}"][value="{"true" if snapshot["true"] else "false"}"]').check()
        elif kind in ("short_answer", "numerical"):
            page.locator(f'input[name="{name}"]').fill(snapshot["choices"][0]["text"])
        elif kind == "matching":
            for choice in snapshot["choices"]:
                page.locator(f'select[name="{name}-{choice["id"]}"]').select_option(str(choice["id"]))
        elif kind == "ordering":
            for position, choice in enumerate(snapshot["choices"], start=1):
                page.locator(f'select[name="{name}-{choice["id"]}"]').select_option(str(position))


def test_learner_takes_and_passes_a_quiz(page, live_server, assessment_section, demo_learner, screenshot):
    sign_in(page, live_server.url, "chenxiao", PASSWORD)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="测评认证").click()
    page.get_by_role("link", name="方案营销测评").click()
    page.get_by_role("button", name="开始测评").click()
    attempt = Attempt.objects.get(user=demo_learner)
    first = attempt.answers.get(position=1)
    right = next(choice["id"] for choice in first.snapshot["choices"] if choice["correct"])
    page.locator(f'input[name="q1"][value="{right}"]').check()
    # Saved as the learner goes: a reload keeps the answer.
    expect(page.locator("[data-save-status]")).to_have_text("答案已全部保存")
    page.reload()
    expect(page.locator(f'input[name="q1"][value="{right}"]')).to_be_checked()
    answer_correctly(page, attempt)
    screenshot(page, "quiz-taking")
    page.get_by_role("button", name="提交并结束").click()
    expect(page.locator(".score-summary")).to_contain_text("100%")
    expect(page.locator(".score-summary")).to_contain_text("已通过")
    expect(page.locator("#competency-heading + p + .table-scroll")).to_contain_text("方案营销")
    screenshot(page, "quiz-result")
    attempt.refresh_from_db()
    assert attempt.passed and Attempt.objects.filter(user=demo_learner).count() == 1


@pytest.fixture
def assessment_pages(assessment_section, demo_learner):
    """One page of each kind, in the state an assessor or learner would meet it."""
    assessor = UserFactory(username="assessor", roles=[ASSESSOR])
    timed = QuizPage.objects.get(slug="needs-analysis-quiz")
    marketing = QuizPage.objects.get(slug="solution-marketing-quiz")
    finished = submit_attempt(user=demo_learner, attempt=start_attempt(user=demo_learner, quiz=marketing))
    in_progress = start_attempt(user=demo_learner, quiz=timed)
    certification = Certification.objects.get(grade__code="junior")
    certificate = Certificate.objects.create(user=demo_learner, certification=certification)
    sign_off = SignOff.objects.create(user=demo_learner, certification=certification, role="assessor")
    return {
        "learner": [
            "/assessment/",
            timed.url[len("http://localhost") :] if timed.url.startswith("http") else timed.url,
            f"/quiz/attempts/{in_progress.pk}/",
            f"/quiz/attempts/{finished.pk}/result/",
            "/certificates/",
            f"/certificates/{certificate.code}/",
            f"/certificates/verify/{certificate.code}/",
            "/certificates/verify/NO-SUCH-CODE/",
            "/quiz/mistakes/",
            "/assessment/practice-needs-analysis/",
            "/assessment/practice-needs-analysis/?mode=mistakes",
        ],
        "assessor": ["/quiz/grading/", f"/quiz/sign-offs/{sign_off.pk}/"],
        "assessor_user": assessor,
    }


@pytest.mark.parametrize("language", ["zh-CN", "en-US"])
@pytest.mark.accessibility
def test_assessment_pages_have_no_accessibility_violations(browser, live_server, assessment_pages, language):
    pages = {"chenxiao": assessment_pages["learner"], "assessor": assessment_pages["assessor"]}
    assert_pages_pass_axe(browser, live_server, pages, language)


def test_taking_a_timed_quiz_fits_a_phone(browser, live_server, assessment_pages, screenshot):
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    sign_in_by_session(page, live_server.url, "chenxiao")
    for path in assessment_pages["learner"][2:4]:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.goto(live_server.url + assessment_pages["learner"][2])
    expect(page.get_by_role("timer")).to_contain_text("剩余时间")
    screenshot(page, "phone-quiz-taking")
    context.close()


def test_a_certificate_prints_on_one_a4_page(browser, live_server, assessment_pages):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(live_server.url + assessment_pages["learner"][5])
    expect(page.locator(".certificate")).to_contain_text("兹证明")
    pdf = page.pdf(format="A4", print_background=True)
    # Chromium writes each page object uncompressed: "/Type /Page" once per page.
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
    context.close()


def test_the_countdown_submits_when_time_is_up(page, live_server, assessment_section, demo_learner):
    from datetime import timedelta

    from django.utils import timezone

    quiz = QuizPage.objects.get(slug="needs-analysis-quiz")
    attempt = start_attempt(user=demo_learner, quiz=quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=4))
    sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(f"{live_server.url}/quiz/attempts/{attempt.pk}/")
    expect(page.get_by_role("timer")).to_contain_text("0:0")
    page.wait_for_url(f"**/quiz/attempts/{attempt.pk}/result/", timeout=15000)
    attempt.refresh_from_db()
    assert attempt.state != "in_progress"


def test_answers_given_offline_are_kept_and_sent_when_back_online(
    page, context, live_server, assessment_section, demo_learner
):
    quiz = QuizPage.objects.get(slug="solution-marketing-quiz")
    attempt = start_attempt(user=demo_learner, quiz=quiz)
    first = attempt.answers.get(position=1)
    choice = first.snapshot["choices"][0]["id"]
    sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(f"{live_server.url}/quiz/attempts/{attempt.pk}/")
    context.set_offline(True)
    page.locator(f'input[name="q1"][value="{choice}"]').check()
    expect(page.locator("[data-save-status]")).to_contain_text("尚未保存")
    context.set_offline(False)
    expect(page.locator("[data-save-status]")).to_have_text("答案已全部保存", timeout=15000)
    first.refresh_from_db()
    assert first.response == {"choice": choice}


@pytest.mark.parametrize("language", ["zh-CN", "en-US"])
def test_submitting_with_questions_left_asks_first(browser, live_server, assessment_section, demo_learner, language):
    quiz = QuizPage.objects.get(slug="solution-marketing-quiz")
    attempt = start_attempt(user=demo_learner, quiz=quiz)
    context = browser.new_context(locale=language, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(f"{live_server.url}/quiz/attempts/{attempt.pk}/")
    page.locator("button[data-finish]").click()
    expect(page.locator("#unanswered-heading")).to_contain_text("8")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.locator("form.attempt-actions button[type=submit]").click()
    page.wait_for_url(f"**/quiz/attempts/{attempt.pk}/result/")
    context.close()


@pytest.mark.parametrize("language", ["zh-CN", "en-US"])
@pytest.mark.accessibility
def test_the_question_preview_editors_see_has_no_accessibility_violations(
    browser, live_server, assessment_section, language
):
    from django.urls import reverse

    from quizzes.models import Question
    from tests.factories import EditorFactory

    EditorFactory(username="wangxy")
    question = Question.objects.filter(kind="ordering").first()
    url = reverse("wagtailsnippets_quizzes_question:revisions_view", args=[question.pk, question.latest_revision_id])
    context = browser.new_context(locale=language, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in_by_session(page, live_server.url, "wangxy")
    page.goto(live_server.url + url)
    expect(page.locator("#key-heading")).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    context.close()


def _answer_shown_practice_question(page, *, right):
    """Answer the question on the practice page, right or wrong, as a learner would."""
    from quizzes.models import Question

    question = Question.objects.get(pk=int(page.locator('input[name="question"]').get_attribute("value")))
    choices = list(question.choices.all())
    if question.kind in ("single", "multiple"):
        for choice in choices:
            if (choice.weight > 0) == right:
                page.locator(f'input[name="q1"][value="{choice.pk}"]').check()
                if question.kind == "single":
                    break
    elif question.kind == "true_false":
        page.locator(f'input[name="q1"][value="{"true" if question.correct_is_true == right else "false"}"]').check()
    elif question.kind in ("short_answer", "numerical"):
        page.locator('input[name="q1"]').fill(choices[0].text if right else "999")
    elif question.kind == "matching":
        for index, item in enumerate(choices):
            target = item if right else choices[(index + 1) % len(choices)]
            page.locator(f'select[name="q1-{item.pk}"]').select_option(str(target.pk))
    page.get_by_role("button", name="核对答案").click()


def test_a_learner_practises_and_works_off_a_mistake(page, live_server, assessment_section, demo_learner, screenshot):
    from quizzes.models import Mistake

    sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(live_server.url + "/assessment/")
    page.get_by_role("link", name="练习：需求理解与分析").click()
    expect(page.locator(".question")).to_be_visible()
    screenshot(page, "practice-question")
    _answer_shown_practice_question(page, right=False)
    expect(page.locator(".practice-result h2")).to_have_text("还不对")
    expect(page.locator(".practice-result")).to_contain_text("解析")
    screenshot(page, "practice-answered")
    mistake = Mistake.objects.get(user=demo_learner)
    page.get_by_role("link", name="我的错题本").click()
    expect(page.locator("h1")).to_have_text("我的错题本")
    expect(page.locator(".mistake-list")).to_have_count(1)
    screenshot(page, "mistake-book")
    for _round in range(2):
        page.get_by_role("link", name="再练这些题").click() if _round == 0 else page.get_by_role(
            "link", name="下一题"
        ).click()
        _answer_shown_practice_question(page, right=True)
        expect(page.locator(".practice-result h2")).to_have_text("回答正确")
    expect(page.locator(".practice-result")).to_contain_text("已移出你的错题本")
    mistake.refresh_from_db()
    assert mistake.cleared_at is not None
    page.get_by_role("link", name="我的错题本").click()
    expect(page.locator("main")).to_contain_text("你的错题本是空的")


def _give_any_answer(form):
    """Some answer, right or wrong, to whatever kind of question the form asks."""
    if form.locator('input[type="radio"]').count():
        form.locator('input[type="radio"]').first.check()
    elif form.locator("select").count():
        for select in form.locator("select").all():
            select.select_option(index=1)
    else:
        form.locator('input[name="q1"]').fill("1")


@pytest.mark.accessibility
def test_practice_results_pass_axe_and_fit_a_phone(browser, live_server, assessment_section):
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.conftest import assert_fits_the_width

    for language in ("zh-CN", "en-US"):
        context = browser.new_context(locale=language, viewport={"width": 360, "height": 740})
        page = context.new_page()
        sign_in_by_session(page, live_server.url, "chenxiao")
        url = live_server.url + "/assessment/practice-solution-design/"
        assert_fits_the_width(page, url)
        page.locator("form.practice-form button[type=submit]").click()
        expect(page.locator(".form-errors")).to_be_visible()  # nothing answered: asked again
        _give_any_answer(page.locator("form.practice-form"))
        page.locator("form.practice-form button[type=submit]").click()
        expect(page.locator(".practice-result")).to_be_visible()
        results = Axe().run(page)
        assert results.violations_count == 0, f"{language}\n{results.generate_report()}"
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        context.close()
