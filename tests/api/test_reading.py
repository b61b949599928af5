"""The read-only API as an integration uses it: pages as a visitor sees them, people's
completions and certificates as far as the token's owner may see them, each part only
with its scope, and nothing written."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cases.models import CaseStudyPage
from learning.models import CoursePage, Enrolment
from quizzes.models import Certificate
from tests.api.conftest import make_token

PAGES = "/api/v1/pages/"
COMPLETIONS = "/api/v1/completions/"
CERTIFICATES = "/api/v1/certificates/"


@pytest.fixture
def people(world):
    names = ["admin", "director", "learner", "liuyang", "wujing", "editor"]
    return {name: User.objects.get(username=name) for name in names}


@pytest.fixture
def completed(people):
    """Three completed courses: 陈晓 and 刘洋 (the director's team) and 吴静 (another team)."""
    courses = list(CoursePage.objects.live().order_by("pk"))
    moments = {}
    for offset, name in enumerate(["learner", "liuyang", "wujing"]):
        when = timezone.now() - timedelta(days=10 - offset)
        Enrolment.objects.update_or_create(user=people[name], course=courses[offset], defaults={"completed_at": when})
        moments[name] = when
    return moments


def employee_numbers(response):
    return sorted({item["person"]["employee_number"] for item in response.json()["items"]})


def test_pages_are_read_as_a_visitor_reads_them(client, people, bearer):
    _token, secret = make_token(people["editor"], ["pages:read"])
    draft = CaseStudyPage.objects.live().first()
    draft.title = "尚未发布的修改"
    draft.save_revision()  # an editor's draft: their token must not show it
    listed = client.get(PAGES, {"limit": 20, "type": "cases.CaseStudyPage"}, headers=bearer(secret)).json()
    titles = {item["title"] for item in listed["items"]}
    assert listed["count"] == CaseStudyPage.objects.live().count() and "尚未发布的修改" not in titles
    detail = client.get(f"{PAGES}{draft.pk}/", headers=bearer(secret)).json()
    assert detail["title"] != "尚未发布的修改" and detail["meta"]["type"] == "cases.CaseStudyPage"
    assert detail["meta"]["html_url"].endswith(draft.url)
    first = listed["items"][0]
    assert first["meta"]["detail_url"].endswith(f"/api/v1/pages/{first['id']}/")


def test_without_a_good_token_nothing_is_read(client, people, bearer):
    token, secret = make_token(people["admin"])
    for path in (PAGES, COMPLETIONS, CERTIFICATES):
        assert client.get(path).status_code == 401
        assert client.get(path, headers=bearer("wagtail_not-a-real-token")).status_code == 401
    client.force_login(people["admin"])  # a browser session is not a token
    assert client.get(COMPLETIONS).status_code == 401
    token.revoke()
    assert client.get(PAGES, headers=bearer(secret)).status_code == 401
    _token, closed = make_token(people["wujing"])
    User.objects.filter(pk=people["wujing"].pk).update(is_active=False)  # left the company
    assert client.get(PAGES, headers=bearer(closed)).status_code == 401


def test_each_part_needs_its_scope(client, people, bearer):
    _token, pages_only = make_token(people["admin"], ["pages:read"])
    assert client.get(PAGES, headers=bearer(pages_only)).status_code == 200
    refused = client.get(CERTIFICATES, headers=bearer(pages_only))
    assert refused.status_code == 403 and "certificates:read" in refused.json()["detail"]
    assert client.get(COMPLETIONS, headers=bearer(pages_only)).status_code == 403


def test_nothing_can_be_written(client, people, bearer):
    _token, secret = make_token(people["admin"])
    page = CaseStudyPage.objects.live().first()
    for method, path in [("post", PAGES), ("patch", f"{PAGES}{page.pk}/"), ("delete", f"{PAGES}{page.pk}/")]:
        response = getattr(client, method)(
            path, {"title": "改"}, content_type="application/json", headers=bearer(secret)
        )
        assert response.status_code == 405
    assert CaseStudyPage.objects.filter(pk=page.pk, live=True).exists()


def test_completions_as_far_as_the_owner_may_see(client, people, completed, bearer):
    numbers = {name: people[name].employee_number for name in ("learner", "liuyang", "wujing")}
    _token, of_director = make_token(people["director"], ["completions:read"])
    _token, of_learner = make_token(people["learner"], ["completions:read"])
    _token, of_admin = make_token(people["admin"], ["completions:read"])
    assert employee_numbers(client.get(COMPLETIONS, headers=bearer(of_director))) == sorted(
        [numbers["learner"], numbers["liuyang"]]
    )
    assert employee_numbers(client.get(COMPLETIONS, headers=bearer(of_learner))) == [numbers["learner"]]
    everyone = client.get(COMPLETIONS, headers=bearer(of_admin)).json()
    assert everyone["count"] == Enrolment.objects.filter(completed_at__isnull=False).count() >= 3
    first = everyone["items"][0]
    assert set(first) == {"person", "course", "enrolled_at", "completed_at"}
    assert first["course"]["url"].startswith("http")
    # An HR system's account, granted everyone's records without being an administrator.
    hr = User.objects.create_user(username="hr-sync", password=None)
    hr.user_permissions.add(Permission.objects.get(codename="read_everyone"))
    _token, of_hr = make_token(hr, ["completions:read"])
    assert client.get(COMPLETIONS, headers=bearer(of_hr)).json()["count"] == everyone["count"]
    # Coming back for what changed: since a moment, for one person.
    since = (completed["liuyang"] - timedelta(seconds=1)).isoformat()
    recent = client.get(COMPLETIONS, {"since": since, "person": numbers["wujing"]}, headers=bearer(of_admin))
    assert employee_numbers(recent) == [numbers["wujing"]]


def test_certificates_with_their_status_now(client, people, bearer):
    learner = people["learner"]
    certificate = Certificate.objects.filter(user=learner).first()
    Certificate.objects.filter(pk=certificate.pk).update(
        revoked_at=timezone.now(), revocation_reason="考试作弊", superseded=False
    )
    _token, secret = make_token(people["director"], ["certificates:read"])
    listed = client.get(CERTIFICATES, {"person": learner.employee_number}, headers=bearer(secret)).json()
    mine = next(item for item in listed["items"] if item["code"] == certificate.code)
    assert mine["status"] == "revoked" and mine["revocation_reason"] == "考试作弊"
    assert mine["verify_url"].endswith(reverse("quizzes:verify", args=[certificate.code]))
    revoked = client.get(CERTIFICATES, {"status": "revoked"}, headers=bearer(secret)).json()
    assert certificate.code in {item["code"] for item in revoked["items"]}
    changed = client.get(
        CERTIFICATES, {"changed_since": (timezone.now() - timedelta(minutes=1)).isoformat()}, headers=bearer(secret)
    ).json()
    codes = {item["code"] for item in changed["items"]}
    a_while_ago = timezone.now() - timedelta(days=1)
    unchanged = Certificate.objects.filter(
        issued_at__lt=a_while_ago, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ) | Certificate.objects.filter(issued_at__lt=a_while_ago, revoked_at__lt=a_while_ago)
    assert certificate.code in codes and unchanged.exists()
    assert not codes & set(unchanged.values_list("code", flat=True))


def test_bad_parameters_get_a_clear_answer(client, people, bearer):
    _token, secret = make_token(people["admin"])
    too_many = client.get(PAGES, {"limit": 1000}, headers=bearer(secret))
    assert too_many.status_code == 422 and "limit" in str(too_many.json())
    bad_date = client.get(COMPLETIONS, {"since": "上周"}, headers=bearer(secret))
    assert bad_date.status_code == 422 and "since" in str(bad_date.json())
    assert client.get(CERTIFICATES, {"status": "lost"}, headers=bearer(secret)).status_code == 422
    assert client.get(f"{PAGES}999999/", headers=bearer(secret)).status_code == 404
