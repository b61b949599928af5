import re

import pytest
from django.urls import reverse

from competencies.models import Competency, CompetencyModelPage, GradeRequirement, JobGrade, ProficiencyLevel
from tests.conftest import EN
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def cell(html, competency, grade_index):
    """The text of the matrix cell for a competency row and the n-th grade column."""
    row = re.search(rf"<th scope=\"row\">{competency}</th>(.*?)</tr>", html, re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    return re.sub(r"<[^>]+>", " ", cells[grade_index])


def test_matrix_shows_every_grade_and_the_required_level(client, competency_model):
    html = client.get(competency_model.url).content.decode()
    for grade in ("初级客户经理", "中级客户经理", "高级客户经理", "信息化顾问"):
        assert f'<th scope="col">{grade}</th>' in html
    assert "指导下运用" in cell(html, "需求理解与分析", 0)
    assert "能手级" in cell(html, "需求理解与分析", 2)
    assert "独立运用" in cell(html, "方案设计", 2)


def test_matrix_groups_key_skills_apart_from_supporting_capabilities(client, competency_model):
    html = client.get(competency_model.url).content.decode()
    key, supporting = (
        '<th scope="colgroup" colspan="5">关键技能</th>',
        '<th scope="colgroup" colspan="5">支撑能力</th>',
    )
    assert html.index(key) < html.index("集团销售商务沟通与谈判") < html.index(supporting) < html.index("产品知识")


def test_matrix_states_levels_in_words_not_only_colour(client, competency_model):
    html = client.get(competency_model.url, **EN).content.decode()
    assert '<span class="visually-hidden">Level 3</span>' in html
    assert "Required level by job grade" in html


def test_each_language_reads_its_own_drawing_of_the_matrix(client, competency_model):
    chinese = client.get(competency_model.url).content.decode()
    english = client.get(competency_model.url, **EN).content.decode()
    assert "各岗位层级的能力要求" in chinese and "Required level by job grade" not in chinese
    assert "Required level by job grade" in english and "各岗位层级的能力要求" not in english
    assert '<th scope="row">Needs analysis</th>' in english
    assert "各岗位层级的能力要求" in client.get(competency_model.url).content.decode()


def test_level_definitions_and_stage_duties_are_listed(client, competency_model):
    html = client.get(competency_model.url).content.decode()
    assert "精通有关的知识和技能" in html
    assert "售前" in html
    assert "主导商务谈判，合同起草与签订。" in html


def test_an_unset_cell_says_not_required(client, competency_model):
    GradeRequirement.objects.filter(grade__code="junior", competency__code="needs-analysis").delete()
    html = client.get(competency_model.url).content.decode()
    assert "不要求" in cell(html, "需求理解与分析", 0)


def test_empty_model_explains_what_editors_do(client, home_page):
    page = home_page.add_child(instance=CompetencyModelPage(title="胜任力模型", slug="model"))
    html = client.get(page.url).content.decode()
    assert "胜任力模型尚未填写" in html


def test_matrix_query_count_does_not_grow_with_the_model(client, competency_model, django_assert_max_num_queries):
    level = ProficiencyLevel.objects.get(number=2)
    competency = Competency.objects.first()
    for rank in range(5, 25):
        grade = JobGrade.objects.create(name=f"岗位{rank}", code=f"grade-{rank}", rank=rank)
        GradeRequirement.objects.create(grade=grade, competency=competency, level=level)
    client.get(competency_model.url)  # fills the site's cached root paths, as any visit does
    with django_assert_max_num_queries(14):
        response = client.get(competency_model.url)
    assert "岗位24" in response.content.decode()


def test_the_matrix_is_kept_until_an_editor_changes_a_requirement_a_behaviour_or_a_duty(client, competency_model):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from competencies.models import CompetencyLevelDescription, GradeResponsibility

    client.get(competency_model.url)
    with CaptureQueriesContext(connection) as again:
        client.get(competency_model.url)
    tables = ("jobgrade", "graderequirement", "graderesponsibility", 'competency"', "competencyleveldescription")
    assert not [query for query in again if any(f'FROM "competencies_{table}' in query["sql"] for table in tables)]

    GradeRequirement.objects.filter(grade__code="junior", competency__code="needs-analysis").delete()
    assert "不要求" in cell(client.get(competency_model.url).content.decode(), "需求理解与分析", 0)
    description = CompetencyLevelDescription.objects.filter(competency__code="needs-analysis").first()
    description.description = "能独立画出客户的组织架构图。"
    description.save()
    duty = GradeResponsibility.objects.filter(text="主导商务谈判，合同起草与签订。").get()
    duty.text = "主导商务谈判，起草并签订合同。"
    duty.save()
    html = client.get(competency_model.url).content.decode()
    assert "能独立画出客户的组织架构图。" in html and "主导商务谈判，起草并签订合同。" in html


def test_profile_shows_my_job_grade_and_links_to_the_model(client, competency_model):
    from competencies.models import PersonGrade

    person = LearnerFactory()
    PersonGrade.objects.create(user=person, grade=JobGrade.objects.get(code="intermediate"))
    client.force_login(person)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert '<p class="grade-badge">中级客户经理</p>' in html
    assert f'href="{competency_model.url}"' in html
    competency_model.unpublish()
    html = client.get(reverse("accounts:profile")).content.decode()
    assert '<p class="grade-badge">中级客户经理</p>' in html and "查看各岗位层级的能力要求" not in html


def test_profile_without_a_grade_says_who_sets_it(learner_client, competency_model):
    assert "尚未登记你的岗位层级" in learner_client.get(reverse("accounts:profile")).content.decode()
