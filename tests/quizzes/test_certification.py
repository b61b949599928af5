"""Grading certification: requirements, sign-offs, issuing once, verifying, expiry."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from competencies.models import Competency, Evidence, JobGrade, PersonGrade, ProficiencyLevel
from quizzes.certification import certification_overview, check_certifications
from quizzes.models import Attempt, Certificate, Certification, CertificationLevel, CertificationQuiz, SignOff
from quizzes.services import start_attempt, submit_attempt
from tests.competencies.conftest import rate
from tests.factories import DirectorFactory, LearnerFactory
from tests.quizzes.conftest import right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def certification(quiz):
    certification = Certification(
        name="初级客户经理认证", grade=JobGrade.objects.get(code="junior"), validity_months=24
    )
    certification.required_quizzes = [CertificationQuiz(quiz=quiz)]
    certification.required_levels = [
        CertificationLevel(
            competency=Competency.objects.get(code="needs-analysis"), level=ProficiencyLevel.objects.get(number=1)
        )
    ]
    certification.save()
    return certification


def pass_quiz(user, quiz, now=None, right=True):
    from django.http import QueryDict

    from quizzes.forms import read_responses

    attempt = start_attempt(user=user, quiz=quiz, now=now)
    data = QueryDict(mutable=True)
    for key, value in (right_answers(attempt) if right else {}).items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return submit_attempt(
        user=user, attempt=attempt, responses=read_responses(list(attempt.answers.all()), data), now=now
    )


def test_passing_issues_the_certificate_once(learner, quiz, certification, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, quiz)
    certificate = Certificate.objects.get(user=learner)
    assert certificate.status() == "valid"
    assert certificate.expires_at.date() == (certificate.issued_at + timedelta(days=730)).date()
    assert check_certifications(user=learner) == []
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, quiz)
    assert Certificate.objects.filter(user=learner).count() == 1


def test_a_failed_quiz_issues_nothing_and_says_what_is_missing(
    learner_client, learner, quiz, certification, django_capture_on_commit_callbacks
):
    PersonGrade.objects.create(user=learner, grade=JobGrade.objects.get(code="junior"))
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, quiz, right=False)
    assert not Certificate.objects.exists()
    html = learner_client.get(reverse("quizzes:my_certificates")).content.decode()
    assert "下一步：初级客户经理认证" in html
    assert "通过“需求理解与分析测评”" in html and "成绩 0%；及格线 60%。" in html


def test_a_failed_required_quiz_leaves_the_rest_of_the_certification_unread(
    learner, quiz, certification, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """Every submission checks certification; one that cannot complete anything reads
    the person's certificates and quiz results only, not their levels or sign-offs."""
    rate(learner, "needs-analysis", 3)
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, quiz, right=False)
    check_certifications(user=learner)  # the scheme is read and kept
    with django_assert_max_num_queries(2) as captured:
        assert check_certifications(user=learner) == []
    assert not any("competencies_evidence" in query["sql"] for query in captured.captured_queries)
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, quiz)
    assert Certificate.objects.get(user=learner).certification == certification


def test_the_scheme_is_read_once_and_an_edit_to_it_counts_from_the_next_page_and_submission(
    learner_client, learner, quiz, certification, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PersonGrade.objects.create(user=learner, grade=JobGrade.objects.get(code="junior"))
    url = reverse("quizzes:my_certificates")
    assert "已满足 0 / 2 项要求。" in learner_client.get(url).content.decode()
    with CaptureQueriesContext(connection) as again:
        learner_client.get(url)
    assert not [query for query in again if "quizzes_certificationlevel" in query["sql"]]

    # The level requirement dropped: passing the quiz alone now earns the certificate.
    CertificationLevel.objects.filter(certification=certification).delete()
    assert "已满足 0 / 1 项要求。" in learner_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, quiz)
    assert Certificate.objects.filter(user=learner, certification=certification).exists()

    Certificate.objects.all().delete()
    certification.is_active = False
    certification.save()
    assert "下一步：初级客户经理认证" not in learner_client.get(url).content.decode()


def test_sign_offs_are_requested_and_an_assessor_approves(
    client, learner, assessor, quiz, certification, django_capture_on_commit_callbacks
):
    certification.requires_assessor_signoff = True
    certification.save()
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, quiz)
    request = SignOff.objects.get(user=learner, role="assessor", state="requested")
    assert not Certificate.objects.exists()
    client.force_login(assessor)
    assert "陈晓" in client.get(reverse("quizzes:grading")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("quizzes:sign_off", args=[request.pk]), {"decision": "approve", "note": ""})
    assert response.status_code == 302
    assert Certificate.objects.filter(user=learner).count() == 1


def test_declining_needs_a_reason_and_keeps_what_was_typed(client, learner, assessor, certification):
    request = SignOff.objects.create(user=learner, certification=certification, role="assessor")
    client.force_login(assessor)
    response = client.post(reverse("quizzes:sign_off", args=[request.pk]), {"decision": "decline", "note": "  "})
    assert "请说明原因" in response.content.decode()
    request.refresh_from_db()
    assert request.state == "requested"


def test_only_the_candidates_own_director_signs_off_for_the_director(client, learner, team, director, certification):
    request = SignOff.objects.create(user=learner, certification=certification, role="director")
    client.force_login(DirectorFactory())
    assert client.get(reverse("quizzes:sign_off", args=[request.pk])).status_code == 403
    client.force_login(director)
    assert "陈晓" in client.get(reverse("quizzes:sign_offs")).content.decode()
    client.post(reverse("quizzes:sign_off", args=[request.pk]), {"decision": "approve"})
    request.refresh_from_db()
    assert request.state == "approved" and request.decided_by == director


def test_verification_page_for_valid_expired_revoked_and_unknown_codes(client, learner, certification):
    now = timezone.now()
    valid = Certificate.objects.create(user=learner, certification=certification, expires_at=now + timedelta(days=9))
    other = LearnerFactory(display_name="吴静")
    expired = Certificate.objects.create(user=other, certification=certification, expires_at=now - timedelta(days=1))
    html = client.get(reverse("quizzes:verify", args=[valid.code.lower()])).content.decode()
    assert "证书有效" in html and "陈晓" in html and "初级客户经理认证" in html
    assert "证书已过期" in client.get(reverse("quizzes:verify", args=[expired.code])).content.decode()
    expired.revoked_at, expired.revocation_reason = now, "代考"
    expired.save()
    html = client.get(reverse("quizzes:verify", args=[expired.code])).content.decode()
    # Why a certificate was revoked is between the holder and the academy.
    assert "证书已被撤销" in html and "代考" not in html
    response = client.get(reverse("quizzes:verify", args=["ABCD-EFGH-JKLM"]))
    assert response.status_code == 404 and "没有找到该验证码对应的证书" in response.content.decode()
    form = client.get(reverse("quizzes:verify_form"), {"code": f" {valid.code} "})
    assert form["Location"] == reverse("quizzes:verify", args=[valid.code])


def test_renaming_yourself_does_not_change_whose_certificate_it_is(client, learner, certification):
    certificate = Certificate.objects.create(user=learner, certification=certification)
    learner.display_name = "吴静"
    learner.save()
    html = client.get(reverse("quizzes:verify", args=[certificate.code])).content.decode()
    assert "陈晓" in html and "吴静" not in html
    # A later correction of the legal name does not rewrite what was issued either.
    learner.legal_name = "陈小"
    learner.save()
    assert "陈晓" in client.get(reverse("quizzes:verify", args=[certificate.code])).content.decode()


def test_a_person_cannot_change_their_own_legal_name(learner_client, learner):
    response = learner_client.post(
        reverse("accounts:profile"), {"display_name": "小陈", "legal_name": "吴静", "email": learner.email}
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.display_name == "小陈" and learner.legal_name == "陈晓"
    assert "陈晓" in learner_client.get(reverse("accounts:profile")).content.decode()


def test_a_certificate_page_is_for_its_holder(client, learner_client, learner, certification):
    certificate = Certificate.objects.create(user=learner, certification=certification)
    html = learner_client.get(reverse("quizzes:certificate", args=[certificate.code])).content.decode()
    assert "兹证明" in html and certificate.code in html
    assert reverse("quizzes:verify", args=[certificate.code]) in html
    client.force_login(LearnerFactory())
    assert client.get(reverse("quizzes:certificate", args=[certificate.code])).status_code == 404


def test_recertification_needs_new_evidence(learner, quiz, certification, django_capture_on_commit_callbacks):
    long_ago = timezone.now() - timedelta(days=800)
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, quiz, now=long_ago)
    old = Certificate.objects.get(user=learner)
    old.issued_at, old.expires_at = long_ago, long_ago + timedelta(days=730)
    old.save()
    assert old.status() == "expired"
    assert check_certifications(user=learner) == []  # the old pass does not renew it
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, quiz)
    current = Certificate.objects.get(user=learner, superseded=False)
    assert current.pk != old.pk and current.status() == "valid"
    old.refresh_from_db()
    assert old.superseded
    # "My certification" hands over every certificate it read, the superseded one too.
    everything = list(Certificate.objects.filter(user=learner))
    assert [item.certificate for item in certification_overview(learner, certificates=everything)] == [current]
    assert [item.certificate for item in certification_overview(learner)] == [current]


def test_a_revoked_certificate_is_not_reissued(learner, quiz, certification, django_capture_on_commit_callbacks):
    Certificate.objects.create(user=learner, certification=certification, revoked_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, quiz)
    assert Certificate.objects.filter(user=learner).count() == 1


def test_the_assessment_section_lists_quizzes_and_the_scheme(client, quiz, certification, assessment):
    html = client.get(assessment.url).content.decode()
    assert "需求理解与分析测评" in html and "初级客户经理认证" in html and "24 个月" in html


def test_the_assessment_section_keeps_what_it_lists_until_a_quiz_is_published_or_the_scheme_changes(
    client, quiz, certification, assessment, questions
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import EN
    from tests.quizzes.conftest import add_quiz

    client.get(assessment.url)
    with CaptureQueriesContext(connection) as again:
        client.get(assessment.url)
    shared = ("quizzes_quizquestion", "quizzes_randomdraw", "quizzes_certification", "competencies_competency")
    assert not [query for query in again if any(table in query["sql"] for table in shared)]

    add_quiz(assessment, [questions["single"]], slug="second", title="第二次测评")
    certification.validity_months = 36
    certification.save()
    html = client.get(assessment.url).content.decode()
    assert "第二次测评" in html and "36 个月" in html
    english = client.get(assessment.url, **EN).content.decode()
    assert '<li class="tag">Needs analysis</li>' in english
    assert '<li class="tag">需求理解与分析</li>' not in english


def test_a_quiz_in_a_private_section_is_not_listed(client, quiz, certification, assessment):
    PageViewRestriction.objects.create(page=quiz, restriction_type=PageViewRestriction.PASSWORD, password="内部")
    html = client.get(assessment.url).content.decode()
    assert "初级客户经理认证" in html
    assert "需求理解与分析测评" not in html.split("初级客户经理认证")[0]


def test_issuing_and_revoking_are_in_the_audit_log(
    client, admin_user, learner, quiz, certification, django_capture_on_commit_callbacks
):
    from wagtail.models import ModelLogEntry

    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, quiz)
    certificate = Certificate.objects.get(user=learner)
    assert ModelLogEntry.objects.get(action="quizzes.certificate_issue", object_id=str(certificate.pk)).user is None
    client.force_login(admin_user)
    edit = reverse("wagtailsnippets_quizzes_certificate:edit", args=[certificate.pk])
    revoked_at = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    refused = client.post(edit, {"revoked_at": revoked_at, "revocation_reason": " "})
    assert refused.status_code == 200 and "说明撤销证书的原因" in refused.content.decode()
    assert client.post(edit, {"revoked_at": revoked_at, "revocation_reason": "代考"}).status_code == 302
    entry = ModelLogEntry.objects.get(action="quizzes.certificate_revoke", object_id=str(certificate.pk))
    assert entry.user == admin_user and entry.data == {"reason": "代考"}


def test_certification_reads_the_same_level_as_the_growth_page(client, learner, quiz, certification):
    """An old strong quiz and a recent weak one: level 1 everywhere, never the old 3."""
    requirement = certification.required_levels.first()
    requirement.level = ProficiencyLevel.objects.get(number=2)
    requirement.save()
    rate(learner, "needs-analysis", 3, source=Evidence.Source.QUIZ, days_ago=360, score=90)
    rate(learner, "needs-analysis", 1, source=Evidence.Source.QUIZ, score=55)
    client.force_login(learner)

    certificates = client.get(reverse("quizzes:my_certificates")).content.decode()
    growth = client.get(reverse("competencies:profile")).content.decode()

    assert "目前表现：第 1 级。" in certificates and "第 3 级。" not in certificates
    row = growth.split("需求理解与分析</th>")[1].split("</tr>")[0]
    assert "第 1 级" in row


def test_an_attempt_awaiting_grading_is_not_reported_as_not_taken(learner_client, learner, quiz, certification):
    attempt = pass_quiz(learner, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(state=Attempt.State.AWAITING_GRADING, percent=None)

    html = learner_client.get(reverse("quizzes:my_certificates")).content.decode()

    assert "尚未参加" not in html
    assert "已参加，评测师正在为问答题评分。" in html


def test_my_certification_is_kept_between_visits_and_follows_each_attempt_level_and_certificate(
    learner_client, learner, quiz, certification, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PersonGrade.objects.create(user=learner, grade=JobGrade.objects.get(code="junior"))
    url = reverse("quizzes:my_certificates")
    assert "已满足 0 / 2 项要求。" in learner_client.get(url).content.decode()
    with CaptureQueriesContext(connection) as again:
        learner_client.get(url)
    own = ("quizzes_attempt", "competencies_evidence", "quizzes_certificate", "quizzes_signoff")
    assert not [query for query in again if any(table in query["sql"] for table in own)]

    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, quiz, right=False)
    assert "成绩 0%；及格线 60%。" in learner_client.get(url).content.decode()
    rate(learner, "needs-analysis", 1)
    assert "已满足 1 / 2 项要求。" in learner_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, quiz)
    certificate = Certificate.objects.get(user=learner)
    assert certificate.code in learner_client.get(url).content.decode()


def test_an_attempt_at_a_quiz_no_certification_requires_is_checked_without_reading_results_again(
    learner, quiz, questions, assessment, certification, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.quizzes.conftest import add_quiz

    course_quiz = add_quiz(assessment, [questions["single"]], title="课后小测", slug="after-class")
    rate(learner, "needs-analysis", 3)
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, course_quiz)
    with CaptureQueriesContext(connection) as checked, django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, course_quiz)
    asked = " ".join(query["sql"] for query in checked)
    assert "quizzes_certificate" not in asked and 'AS "best"' not in asked
    assert not Certificate.objects.exists()

    # The required quiz passed: the certification is within reach at once.
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, quiz)
    certificate = Certificate.objects.get(user=learner)
    # Held now: a later attempt elsewhere reads neither it nor the levels behind it.
    with CaptureQueriesContext(connection) as checked, django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, course_quiz)
    assert "competencies_evidence" not in " ".join(query["sql"] for query in checked if "SUM(" in query["sql"])
    assert Certificate.objects.get(user=learner) == certificate
    Certificate.objects.all().delete()
    assert [item.certification for item in check_certifications(user=learner)] == [certification]


def test_the_result_that_earned_a_certificate_announces_it_in_each_language(
    learner_client, learner, quiz, certification, django_capture_on_commit_callbacks
):
    from tests.conftest import EN

    rate(learner, "needs-analysis", 3)
    learner_client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(user=learner)
    with django_capture_on_commit_callbacks(execute=True):
        learner_client.post(
            reverse("quizzes:take", args=[attempt.pk]), right_answers(attempt, {"page": "1", "action": "finish"})
        )
    certificate = Certificate.objects.get(user=learner)
    result_url = reverse("quizzes:result", args=[attempt.pk])
    html = learner_client.get(result_url).content.decode()
    assert "恭喜获得证书：初级客户经理认证。" in html
    assert reverse("quizzes:certificate", args=[certificate.code]) in html
    assert "Certificate earned: 初级客户经理认证." in learner_client.get(result_url, **EN).content.decode()

    learner_client.post(reverse("quizzes:start", args=[quiz.pk]))
    later = Attempt.objects.filter(user=learner).latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        learner_client.post(
            reverse("quizzes:take", args=[later.pk]), right_answers(later, {"page": "1", "action": "finish"})
        )
    assert "恭喜获得证书" not in learner_client.get(reverse("quizzes:result", args=[later.pk])).content.decode()
