"""The competency profile page: levels against the grade, gaps in order, the evidence,
who may see it, and the self-assessment form."""

import json
import re

import pytest
from django.urls import reverse

from accounts.models import TeamMembership
from competencies.models import Evidence
from competencies.profiles import profile_of
from tests.competencies.conftest import rate, set_grade
from tests.conftest import EN, ZH
from tests.factories import DirectorFactory, LearnerFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(competency_model, learner):
    """An intermediate manager (needs-analysis 2, solution-design 2, solution-marketing
    2 required): needs-analysis measured at 1, solution-design at 2, solution-marketing
    at 1.4 after an old good quiz and a recent weak one; the rest unmeasured."""
    set_grade(learner, "intermediate")
    rate(learner, "needs-analysis", 1)
    rate(learner, "solution-design", 2)
    rate(learner, "solution-marketing", 3, source=Evidence.Source.QUIZ, days_ago=360, score=90)
    rate(learner, "solution-marketing", 1, source=Evidence.Source.QUIZ, score=55)
    rate(learner, "negotiation", 3, source=Evidence.Source.SELF)
    return learner


def test_gaps_are_ordered_largest_first_and_met_requirements_are_not_gaps(measured):
    profile = profile_of(measured)
    gaps = [(standing.competency.code, standing.gap) for standing in profile.gaps]
    assert [gap for _code, gap in gaps] == sorted((gap for _code, gap in gaps), reverse=True)
    assert gaps[-1] == ("solution-marketing", 0.6)
    assert dict(gaps)["needs-analysis"] == 1.0
    # Unmeasured competencies are gaps of the whole required level.
    assert dict(gaps)["negotiation"] == 2.0
    assert dict(gaps)["competitive-strategy"] == 1.0
    assert "solution-design" not in dict(gaps)
    assert profile.top_gap.competency.code != "solution-design"


def test_the_profile_page_shows_levels_gaps_and_evidence(client, measured):
    client.force_login(measured)
    html = client.get(reverse("competencies:profile"), **ZH).content.decode()
    assert "中级客户经理" in html
    assert "高级客户经理" in html
    assert "陪访评估" in html
    assert "评测师评分" in html or "Assessor rating" in html
    chart = json.loads(html.split('id="radar-data" type="application/json">')[1].split("</script>")[0])
    index = chart["labels"].index("方案营销")
    measured_set = next(dataset for dataset in chart["datasets"] if dataset["key"] == "level")
    required_set = next(dataset for dataset in chart["datasets"] if dataset["key"] == "required")
    # Whole levels on the chart: 1.4 is level 1, as everywhere else.
    assert measured_set["data"][index] == 1
    assert required_set["data"][index] == 2
    assert any(dataset["key"] == "self" for dataset in chart["datasets"])


def test_the_page_reads_without_javascript_in_english(client, measured):
    client.force_login(measured)
    html = client.get(reverse("competencies:profile"), **EN).content.decode()
    assert "Gaps, largest first" in html
    assert "not measured" in html
    # The table holds every level the chart draws, the way to the next, and the
    # weighted number behind it.
    row = html.split("Solution selling</th>")[1].split("</tr>")[0]
    assert "Level 1" in row and "90% of the way to level 2" in row and "weighted 1.4" in row


def test_without_a_grade_the_page_says_what_to_do(client, competency_model, learner):
    client.force_login(learner)
    html = client.get(reverse("competencies:profile"), **EN).content.decode()
    assert "No job grade is recorded yet" in html


def test_a_director_sees_their_members_profile(client, measured, team, director):
    client.force_login(director)
    response = client.get(reverse("competencies:person_profile", args=[measured.pk]), **EN)
    assert response.status_code == 200
    assert "陈晓" in response.content.decode()


def test_a_members_chart_speaks_of_the_member_and_draws_a_partial_self_view_as_dots(client, measured, team, director):
    client.force_login(director)
    html = client.get(reverse("competencies:person_profile", args=[measured.pk]), **ZH).content.decode()
    chart = json.loads(html.split('id="radar-data" type="application/json">')[1].split("</script>")[0])
    labels = {dataset["key"]: dataset["label"] for dataset in chart["datasets"]}
    assert labels["self"] == "陈晓的自评" and labels["required"] == "陈晓的职级要求"
    assert "我的自评" not in html
    # Only one competency rated by the member: no line to join it to anything.
    assert next(dataset for dataset in chart["datasets"] if dataset["key"] == "self")["partial"] is True


def test_members_and_other_directors_never_see_someone_elses_profile(client, measured, team):
    teammate = LearnerFactory()
    TeamMembership.objects.create(team=team, user=teammate)
    other_director = DirectorFactory()
    TeamFactory(director=other_director)
    url = reverse("competencies:person_profile", args=[measured.pk])
    for viewer in (teammate, other_director):
        client.force_login(viewer)
        assert client.get(url).status_code == 404


def test_admins_see_every_profile(client, measured):
    client.force_login(UserFactory(is_superuser=True, roles=[]))
    assert client.get(reverse("competencies:person_profile", args=[measured.pk])).status_code == 200


def test_the_profile_needs_a_sign_in(client, competency_model):
    response = client.get(reverse("competencies:profile"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def _field(code):
    from competencies.models import Competency

    return f"competency_{Competency.objects.get(code=code).pk}"


def _level(number):
    from competencies.models import ProficiencyLevel

    return ProficiencyLevel.objects.get(number=number).pk


def test_self_assessment_is_recorded_once_and_shown_apart(client, measured):
    client.force_login(measured)
    url = reverse("competencies:self_assessment")
    form = client.get(url, **ZH).content.decode()
    assert "方案设计" in form
    data = {_field("needs-analysis"): _level(2), _field("solution-design"): _level(3)}
    response = client.post(url, data, **ZH)
    assert response.status_code == 302
    client.post(url, data, **ZH)
    own = Evidence.objects.filter(user=measured, source=Evidence.Source.SELF)
    # The fixture's negotiation view plus two answers; the repeat added nothing.
    assert own.count() == 3
    standings = {standing.competency.code: standing for standing in profile_of(measured).standings}
    assert standings["needs-analysis"].self_level == 2
    assert standings["needs-analysis"].level == 1.0


def test_an_empty_or_forged_self_assessment_is_refused_with_a_message(client, measured):
    client.force_login(measured)
    url = reverse("competencies:self_assessment")
    response = client.post(url, {}, **EN)
    assert response.status_code == 200
    assert "Choose a level for at least one competency." in response.content.decode()
    response = client.post(url, {_field("needs-analysis"): _level(2), _field("solution-design"): "999"}, **EN)
    html = response.content.decode()
    assert "Select a valid choice" in html
    # What the person chose is still chosen.
    checked = re.findall(r'<input type="radio" name="(competency_\d+)" value="(\d+)"[^>]*checked', html)
    assert (_field("needs-analysis"), str(_level(2))) in checked


def _model_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("competencies:profile"), **EN).content.decode()
    tables = ("competencies_jobgrade", "competencies_graderequirement", "competencies_competency")
    return html, [query for query in captured.captured_queries if any(f'FROM "{t}"' in query["sql"] for t in tables)]


def test_the_competency_model_is_read_once_and_an_editors_change_shows_on_the_next_page(client, measured):
    from competencies.models import Competency, GradeRequirement, ProficiencyLevel

    client.force_login(measured)
    _model_queries(client)
    html, queries = _model_queries(client)
    assert queries == []
    assert "Business communication and negotiation" in html
    requirement = GradeRequirement.objects.get(grade__code="intermediate", competency__code="negotiation")
    requirement.level = ProficiencyLevel.objects.get(number=3)
    requirement.save()
    negotiation = Competency.objects.get(code="negotiation")
    negotiation.name_en = "Negotiating deals"
    negotiation.save()
    html, _ = _model_queries(client)
    assert "Negotiating deals" in html
    assert "Business communication and negotiation" not in html
    assert {standing.competency.code: standing.gap for standing in profile_of(measured).gaps}["negotiation"] == 3.0
