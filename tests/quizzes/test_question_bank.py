"""The question bank in the admin: validation, revisions, import and export."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.gift import export_gift, parse_gift
from quizzes.models import Question, QuestionCategory
from quizzes.question_io import (
    Defaults,
    export_rows,
    parse_rows,
    questions_for_export,
    read_table,
    write_csv,
    write_xlsx,
)
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_quizzes_question:list"
IMPORT_URL = "wagtailsnippets_quizzes_question:import"
EXPORT_URL = "wagtailsnippets_quizzes_question:export"

HEADER = "category,type,question,competency,level,points,option_a,option_b,option_c,correct,explanation,tags\n"
GOOD_CSV = HEADER + (
    '竞争策略分析,单选,中国电信的3G品牌是：,competitive-strategy,1,1,G3,天翼,沃,B,天翼，CDMA2000。,"3G,品牌"\n'
    '竞争策略分析,multiple,分析对手要回答：,竞争策略分析,2,2,对手提供了什么,给了什么优惠,对手的籍贯,"A,B",,\n'
    "竞争策略分析,判断,三家运营商都有全业务牌照。,competitive-strategy,1,,,,,对,,\n"
    "竞争策略分析,填空,中国联通的3G制式是____。,competitive-strategy,2,,WCDMA,,,,,\n"
    "竞争策略分析,ordering,排列分析步骤,competitive-strategy,3,,收集信息,拆解方案,制定策略,,,\n"
    "竞争策略分析,问答,写出你的应对思路。,competitive-strategy,3,5,,,,,,\n"
)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def upload(text, name="bank.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding))


def question_form(category, **overrides):
    from competencies.models import Competency, ProficiencyLevel

    data = {
        "kind": "single",
        "category": category.pk,
        "text": "售前阶段客户经理的定位是？",
        "competency": Competency.objects.get(code="solution-design").pk,
        "level": ProficiencyLevel.objects.get(number=1).pk,
        "points": "1",
        "explanation": "",
        "rubric": "",
        "tags": "",
        "choices-TOTAL_FORMS": "2",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }
    for index, (text, correct) in enumerate([("主导实干", True), ("主导监督", True)]):
        data.update(
            {f"choices-{index}-text": text, f"choices-{index}-ORDER": str(index + 1), f"choices-{index}-id": ""}
        )
        if correct:
            data[f"choices-{index}-is_correct"] = "on"
    data.update(overrides)
    return data


def test_the_admin_refuses_a_single_choice_question_with_two_right_answers(editor_client, category):
    response = editor_client.post(reverse("wagtailsnippets_quizzes_question:add"), question_form(category))
    assert response.status_code == 200
    assert "单选题必须有且只有一个正确选项" in response.content.decode()
    assert "售前阶段客户经理的定位是？" in response.content.decode()  # nothing typed is lost
    assert not Question.objects.exists()


def test_the_admin_saves_a_valid_question_with_a_revision(editor_client, category):
    data = question_form(category)
    del data["choices-1-is_correct"]
    response = editor_client.post(reverse("wagtailsnippets_quizzes_question:add"), data)
    assert response.status_code == 302
    question = Question.objects.get()
    assert [choice.is_correct for choice in question.choices.all()] == [True, False]
    assert question.revisions.count() == 1


def test_a_good_csv_imports_every_type(editor_client, competency_model):
    response = editor_client.post(reverse(IMPORT_URL), {"file": upload(GOOD_CSV)})
    assert response.status_code == 302
    questions = {question.kind: question for question in Question.objects.all()}
    assert set(questions) == {"single", "multiple", "true_false", "short_answer", "ordering", "essay"}
    single = questions["single"]
    assert [(c.text, c.is_correct) for c in single.choices.all()] == [("G3", False), ("天翼", True), ("沃", False)]
    assert sorted(tag.name for tag in single.tags.all()) == ["3G", "品牌"]
    assert questions["multiple"].competency.code == "competitive-strategy" and questions["multiple"].points == 2
    assert questions["true_false"].correct_is_true is True
    assert [c.text for c in questions["ordering"].choices.all()] == ["收集信息", "拆解方案", "制定策略"]
    assert QuestionCategory.objects.filter(name="竞争策略分析").exists()
    assert all(question.revisions.exists() for question in questions.values())


def test_a_bad_file_imports_nothing_and_names_each_bad_row(editor_client, competency_model):
    bad = GOOD_CSV + (
        '竞争策略分析,单选,两个正确选项,competitive-strategy,1,,甲,乙,,"A,B",,\n'
        "竞争策略分析,连线,未知题型,competitive-strategy,1,,,,,,,\n"
        "竞争策略分析,判断,没写对错,no-such-skill,7,abc,,,,,,\n"
    )
    response = editor_client.post(reverse(IMPORT_URL), {"file": upload(bad)})
    html = response.content.decode()
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert "第 8 行: 单选题必须有且只有一个正确选项。" in html
    assert "第 9 行: 未知的题型“连线”" in html
    assert "第 10 行: 未知的能力项“no-such-skill”" in html
    assert "第 10 行: 未知的层级“7”" in html
    assert "第 10 行: 分值“abc”不是数字" in html


def test_a_file_of_the_wrong_kind_gets_a_clear_message(editor_client, competency_model):
    response = editor_client.post(reverse(IMPORT_URL), {"file": upload("x", name="bank.pdf")})
    assert "请上传 .csv、.xlsx、.gift 或 .txt 文件。" in response.content.decode()
    response = editor_client.post(reverse(IMPORT_URL), {"file": upload("x", name="bank.xlsx")})
    assert "这不是可读取的 Excel（.xlsx）文件。" in response.content.decode()


def test_a_csv_saved_by_chinese_excel_in_gb18030_imports(editor_client, competency_model):
    editor_client.post(reverse(IMPORT_URL), {"file": upload(GOOD_CSV, encoding="gb18030")})
    assert Question.objects.filter(text="中国电信的3G品牌是：").exists()


def test_learners_cannot_import_or_export(client, competency_model):
    client.force_login(LearnerFactory())
    assert client.get(reverse(IMPORT_URL)).status_code in (302, 403)
    assert client.get(reverse(EXPORT_URL)).status_code in (302, 403)


def test_excel_export_reimports_to_the_same_questions(editor_client, competency_model):
    editor_client.post(reverse(IMPORT_URL), {"file": upload(GOOD_CSV)})
    response = editor_client.get(reverse(EXPORT_URL), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    records = read_table(SimpleUploadedFile("bank.xlsx", response.content))
    parsed, errors = parse_rows(records, Defaults())
    assert errors == []
    assert [(item.kind, item.text, item.choices) for item in parsed] == [
        (question.kind, question.text, [(c.text, c.is_correct) for c in question.choices.all()])
        for question in questions_for_export()
    ]


def test_exports_never_hand_excel_a_formula(competency_model, questions):
    question = questions["single"]
    question.text = '=HYPERLINK("http://evil.example","点我")'
    question.save()
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(write_xlsx(export_rows(questions_for_export())))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if str(cell.value).startswith("=HYPERLINK")]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert write_csv(export_rows([question])).decode("utf-8").startswith("\ufeffcategory,")


def test_gift_round_trip_keeps_every_supported_question(competency_model, questions, category):
    from tests.quizzes.conftest import make_question

    make_question(category, "essay", "写出你的分析：客户为什么要走？", level=3, points=5, rubric="5分：三步完整")
    questions["single"].tags.add("流失")
    questions["single"].save()
    document = export_gift(questions_for_export())
    assert "ordering question(s) left out" in document
    parsed, errors = parse_gift(document, Defaults())
    assert errors == []
    originals = [question for question in questions_for_export() if question.kind != "ordering"]
    assert len(parsed) == len(originals)
    for item, question in zip(parsed, originals, strict=True):
        assert (item.kind, item.text, item.category) == (question.kind, question.text, question.category.name)
        assert (item.competency, item.level, item.points) == (question.competency, question.level, question.points)
        assert item.choices == [(c.text, c.is_correct) for c in question.choices.all()]
        assert item.explanation == question.explanation and item.rubric == question.rubric
        assert item.tags == [tag.name for tag in question.tags.all()]
        if question.kind == "true_false":
            assert item.correct_is_true is question.correct_is_true


def test_gift_from_moodle_uses_the_chosen_defaults(competency_model, category):
    from competencies.models import Competency, ProficiencyLevel

    moodle = (
        "// exported from Moodle\n$CATEGORY: $course$/top/谈判\n\n"
        "::Q1:: 谈判前最重要的准备是 {=明确目标和底线 ~准备礼品 ~报价越高越好#不对}\n\n"
        "::Q2:: 让步应当一次到位。{FALSE####让步要逐步、有条件。}\n\n"
        "谈判中一方能接受的最差条件称为 {=底线 =谈判底线}。\n\n"
        "可以交换的条件 {~%50%延长合同期限 ~%50%增加业务量 ~%-100%违规返利}\n\n"
        "写出你的谈判计划。{}\n"
    )
    defaults = Defaults(
        competency=Competency.objects.get(code="negotiation"), level=ProficiencyLevel.objects.get(number=2)
    )
    parsed, errors = parse_gift(moodle, defaults)
    assert errors == []
    assert [item.kind for item in parsed] == ["single", "true_false", "short_answer", "multiple", "essay"]
    assert {item.category for item in parsed} == {"谈判"}
    assert parsed[0].choices == [("明确目标和底线", True), ("准备礼品", False), ("报价越高越好", False)]
    assert parsed[1].explanation == "让步要逐步、有条件。"
    assert parsed[2].text == "谈判中一方能接受的最差条件称为 ____ 。"
    assert parsed[3].choices == [("延长合同期限", True), ("增加业务量", True), ("违规返利", False)]


def test_gift_questions_it_cannot_hold_are_refused_by_line(competency_model):
    document = "// [competency:negotiation] [level:1]\n配对 {=甲 -> 1 =乙 -> 2}\n\n// [level:1]\n没有能力项 {T}\n"
    parsed, errors = parse_gift(document, Defaults(category=QuestionCategory.objects.create(name="谈判")))
    assert parsed == []
    assert errors[0][0] == 1 and "不支持匹配题" in errors[0][1]
    assert errors[1][0] == 4 and "没有能力项" in errors[1][1]


def test_editors_preview_a_question_as_learners_see_it_with_its_key(editor_client, category):
    data = question_form(category, text="售中阶段客户经理的定位是？")
    del data["choices-1-is_correct"]
    url = reverse("wagtailsnippets_quizzes_question:preview_on_add")
    assert editor_client.post(url, data).json()["is_valid"] is True
    html = editor_client.get(url).content.decode()
    assert "售中阶段客户经理的定位是？" in html
    assert 'type="radio"' in html and "主导监督" in html
    assert "答案" in html and "<p>主导实干</p>" in html
    assert not Question.objects.exists()  # previewing saves nothing


def test_a_sheet_over_the_limit_is_refused_whole(editor_client, competency_model):
    row = "竞争策略分析,判断,三家运营商都有全业务牌照。,competitive-strategy,1,,,,,对,,\n"
    response = editor_client.post(reverse(IMPORT_URL), {"file": upload(HEADER + row * 2001)}, follow=True)
    assert "每个文件最多 2000 道题" in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.parametrize("row", [["判断", "题目"], ["", ""]], ids=["questions", "blank rows"])
def test_reading_stops_at_the_limit_however_long_the_sheet(row):
    from itertools import chain, repeat

    from quizzes.question_io import ImportFileError, _rows_with_header

    endless = chain([["type", "question"]], repeat(row))
    with pytest.raises(ImportFileError):
        _rows_with_header(endless)
