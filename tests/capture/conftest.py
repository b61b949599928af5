import pytest

from capture.models import Experience, ExperienceCause
from competencies.models import Competency
from core.models import Industry
from tests.factories import LearnerFactory


@pytest.fixture
def teammate(team):
    """Another member of the learner's team."""
    from accounts.models import TeamMembership

    person = LearnerFactory(username="liuyang", display_name="刘洋")
    TeamMembership.objects.create(team=team, user=person)
    return person


@pytest.fixture
def stranger(db):
    return LearnerFactory(username="outsider", display_name="外人")


def form_data(**fields):
    """A complete POST of the guided form, as a browser sends it: every field, the
    management forms of the cause and option rows, and one row of each."""
    data = {
        "title": "",
        "problem": "客户联络人总是不帮我们联系公司负责人",
        "noticed": "",
        "customer_need": "",
        "goal": "",
        "actions": "帮联络人准备一页纸的汇报材料，让他主讲",
        "decision": "",
        "outcome": "won",
        "outcome_details": "",
        "lesson": "把功劳给联络人，他会替你打开门",
        "dos": "",
        "donts": "",
        "pitfalls": "",
        "rule_of_thumb": "",
        "boundaries": "",
        "industry": "",
        "sales_stage": "pre_sale",
        "buying_role": "contact",
        "tags": "联络人, 决策者",
        "causes-TOTAL_FORMS": "1",
        "causes-INITIAL_FORMS": "0",
        "causes-MIN_NUM_FORMS": "0",
        "causes-MAX_NUM_FORMS": "8",
        "causes-0-cause": "联络人担心失去对供应商关系的控制",
        "causes-0-evidence": "他说过上一家运营商越级找了局长",
        "causes-0-id": "",
        "options-TOTAL_FORMS": "1",
        "options-INITIAL_FORMS": "0",
        "options-MIN_NUM_FORMS": "0",
        "options-MAX_NUM_FORMS": "8",
        "options-0-option": "",
        "options-0-pros": "",
        "options-0-cons": "",
        "options-0-id": "",
    }
    data.update(fields)
    return data


def make_experience(author, *, state=Experience.State.DRAFT, **fields):
    values = {
        "problem": "客户无缘无故要停用专线",
        "actions": "请行业经理一起拜访，提出统一组网方案",
        "lesson": "回访不问故障问计划",
    }
    values.update(fields)
    experience = Experience.objects.create(author=author, state=state, **values)
    ExperienceCause.objects.create(experience=experience, cause="只维护了一个联系人", evidence="立项会我们不知道")
    return experience


@pytest.fixture
def competency(taxonomy):
    return Competency.objects.get(code="needs-analysis")


@pytest.fixture
def industry(taxonomy):
    return Industry.objects.get(name="交通物流")
