"""The question bank in the admin: validation, revisions, and importing a file through
its preview (upload, check every question, confirm)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.exchange import table
from quizzes.exchange.errors import ImportFileError
from quizzes.models import Question, QuestionCategory, QuestionImport
from quizzes.selectors import questions_for_export
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_quizzes_question:list"
IMPORT_URL = "wagtailsnippets_quizzes_question:import"
PREVIEW_URL = "wagtailsnippets_quizzes_question:import_preview"
EXPORT_URL = "wagtailsnippets_quizzes_question:export"
TEMPLATE_URL = "wagtailsnippets_quizzes_question:import_template"

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


def upload_and_preview(client, file, **defaults):
    """Upload a file; returns the preview page's response (followed)."""
    return client.post(reverse(IMPORT_URL), {"file": file, **defaults}, follow=True)


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):
    """Press "Import" on the latest preview; the queued task runs as it would after commit."""

    def press(client, **choices):
        record = QuestionImport.objects.latest("pk")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse(PREVIEW_URL, args=[record.pk]), choices)
        return client.get(response["Location"]) if response.status_code == 302 else response

    return press


def question_form(category, **overrides):
    from competencies.models import Competency, ProficiencyLevel

    data = {
        "kind": "single",
        "pool": "exam",
        "category": category.pk,
        "text": "售前阶段客户经理的定位是？",
        "text_format": "plain",
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
    for index, (text, grade) in enumerate([("主导实干", "100"), ("主导监督", "50")]):
        data.update(
            {
                f"choices-{index}-text": text,
                f"choices-{index}-weight": grade,
                f"choices-{index}-ORDER": str(index + 1),
                f"choices-{index}-id": "",
            }
        )
    data.update(overrides)
    return data


def test_the_admin_refuses_a_single_choice_question_with_no_full_credit_answer(editor_client, category):
    data = question_form(category, **{"choices-0-weight": "90"})
    response = editor_client.post(reverse("wagtailsnippets_quizzes_question:add"), data)
    assert response.status_code == 200
    assert "单选题需要有一个得分为 100% 的答案。" in response.content.decode()
    assert "售前阶段客户经理的定位是？" in response.content.decode()  # nothing typed is lost
    assert not Question.objects.exists()


def test_the_admin_refuses_multiple_answers_whose_grades_do_not_add_up(editor_client, category):
    data = question_form(category, kind="multiple", **{"choices-0-weight": "50", "choices-1-weight": "40"})
    response = editor_client.post(reverse("wagtailsnippets_quizzes_question:add"), data)
    assert "多选题各正确答案的得分之和必须为 100%（现在是 90%）。" in response.content.decode()


def test_the_admin_saves_a_partial_credit_question_with_a_revision(editor_client, category):
    response = editor_client.post(reverse("wagtailsnippets_quizzes_question:add"), question_form(category))
    assert response.status_code == 302
    question = Question.objects.get()
    assert [(choice.text, choice.weight) for choice in question.choices.all()] == [("主导实干", 100), ("主导监督", 50)]
    assert question.revisions.count() == 1


def test_a_good_csv_is_previewed_then_imported_with_every_type(confirm, editor_client, competency_model):
    preview = upload_and_preview(editor_client, upload(GOOD_CSV))
    html = preview.content.decode()
    assert "检查导入内容" in html and "中国电信的3G品牌是：" in html
    assert not Question.objects.exists()  # nothing written before the editor confirms
    done = confirm(editor_client)
    assert "已导入：新增 6 道，更新 0 道，跳过 0 道。" in done.content.decode()
    questions = {question.kind: question for question in Question.objects.all()}
    assert set(questions) == {"single", "multiple", "true_false", "short_answer", "ordering", "essay"}
    single = questions["single"]
    assert [(c.text, c.weight) for c in single.choices.all()] == [("G3", 0), ("天翼", 100), ("沃", 0)]
    assert sorted(tag.name for tag in single.tags.all()) == ["3G", "品牌"]
    assert questions["multiple"].competency.code == "competitive-strategy" and questions["multiple"].points == 2
    assert [c.weight for c in questions["multiple"].choices.all()] == [50, 50, -100]
    assert questions["true_false"].correct_is_true is True
    assert [c.text for c in questions["ordering"].choices.all()] == ["收集信息", "拆解方案", "制定策略"]
    assert QuestionCategory.objects.filter(name="竞争策略分析").exists()
    assert all(question.revisions.exists() for question in questions.values())


def test_problems_are_named_by_line_and_nothing_is_imported_until_the_editor_chooses(
    confirm, editor_client, competency_model
):
    bad = GOOD_CSV + (
        "竞争策略分析,单选,没有满分答案,competitive-strategy,1,,甲,乙,,,,\n"
        "竞争策略分析,连环,未知题型,competitive-strategy,1,,,,,,,\n"
        "竞争策略分析,判断,没写对错,no-such-skill,7,abc,,,,,,\n"
    )
    html = upload_and_preview(editor_client, upload(bad)).content.decode()
    assert "3 道题无法照原样导入" in html
    for line, message in [
        (8, "单选题需要有一个得分为 100% 的答案。"),
        (9, "未知的题型“连环”"),
        (10, "未知的能力项“no-such-skill”"),
        (10, "未知的层级“7”"),
        (10, "分值“abc”不是数字"),
    ]:
        row = re.search(rf'<tr id="line-{line}"[^>]*>(.*?)</tr>', html, re.DOTALL).group(1)
        assert message in row
    refused = confirm(editor_client).content.decode()
    assert "勾选此项以跳过标为“无法导入”的题目，或取消导入。" in refused
    assert not Question.objects.exists()
    confirm(editor_client, skip_blocked="on")
    assert Question.objects.count() == 6
    assert QuestionImport.objects.get().skipped_count == 3


def test_cancelling_an_import_writes_nothing(confirm, editor_client, competency_model):
    upload_and_preview(editor_client, upload(GOOD_CSV))
    record = QuestionImport.objects.get()
    editor_client.post(reverse("wagtailsnippets_quizzes_question:import_cancel", args=[record.pk]))
    assert QuestionImport.objects.get().state == "cancelled"
    assert confirm(editor_client).status_code == 200
    assert not Question.objects.exists()


def test_reimporting_an_export_finds_every_duplicate(confirm, editor_client, competency_model):
    upload_and_preview(editor_client, upload(GOOD_CSV))
    confirm(editor_client)
    exported = editor_client.get(reverse(EXPORT_URL), {"format": "xml"}).content
    html = upload_and_preview(editor_client, SimpleUploadedFile("bank.xml", exported)).content.decode()
    assert "6 道题已在题库中或在文件中出现两次" in html
    confirm(editor_client, duplicates="skip")
    assert Question.objects.count() == 6  # not doubled
    upload_and_preview(editor_client, SimpleUploadedFile("bank.xml", exported))
    confirm(editor_client, duplicates="new")
    assert Question.objects.count() == 12


def test_a_duplicate_can_update_the_bank_question(confirm, editor_client, competency_model):
    upload_and_preview(editor_client, upload(GOOD_CSV))
    confirm(editor_client)
    changed = GOOD_CSV.replace("天翼，CDMA2000。", "天翼，采用 CDMA2000 制式。")
    upload_and_preview(editor_client, upload(changed))
    confirm(editor_client, duplicates="update")
    question = Question.objects.get(text="中国电信的3G品牌是：")
    assert question.explanation == "天翼，采用 CDMA2000 制式。"
    assert question.revisions.count() == 2
    assert Question.objects.count() == 6


def test_a_file_of_the_wrong_kind_gets_a_clear_message(editor_client, competency_model):
    response = editor_client.post(reverse(IMPORT_URL), {"file": upload("x", name="bank.pdf")})
    assert "请上传 .csv、.xlsx、.xml（Moodle XML）或 .gift / .txt（GIFT）文件。" in response.content.decode()
    response = editor_client.post(reverse(IMPORT_URL), {"file": upload("x", name="bank.xlsx")})
    assert "这不是可读取的 Excel（.xlsx）文件。" in response.content.decode()
    response = editor_client.post(reverse(IMPORT_URL), {"file": upload("<quiz><question", name="bank.xml")})
    assert "这不是可读取的 Moodle XML 文件" in response.content.decode()
    assert not QuestionImport.objects.exists()


def test_a_csv_saved_by_chinese_excel_in_gb18030_imports(confirm, editor_client, competency_model):
    upload_and_preview(editor_client, upload(GOOD_CSV, encoding="gb18030"))
    confirm(editor_client)
    assert Question.objects.filter(text="中国电信的3G品牌是：").exists()


def test_learners_cannot_import_export_or_see_an_import(client, editor_client, competency_model):
    upload_and_preview(editor_client, upload(GOOD_CSV))
    record = QuestionImport.objects.get()
    client.force_login(LearnerFactory())
    for url in (
        reverse(IMPORT_URL),
        reverse(EXPORT_URL),
        reverse(TEMPLATE_URL),
        reverse(PREVIEW_URL, args=[record.pk]),
    ):
        assert client.get(url).status_code in (302, 403)


def test_another_editor_cannot_open_or_confirm_my_import(editor_client, competency_model):
    from tests.factories import EditorFactory

    upload_and_preview(editor_client, upload(GOOD_CSV))
    record = QuestionImport.objects.get()
    editor_client.force_login(EditorFactory())
    assert editor_client.post(reverse(PREVIEW_URL, args=[record.pk])).status_code in (302, 403)
    assert not Question.objects.exists()


def test_the_blank_template_has_drop_downs_and_instructions(editor_client, competency_model):
    from openpyxl import load_workbook

    response = editor_client.get(reverse(TEMPLATE_URL))
    workbook = load_workbook(io.BytesIO(response.content))
    questions = workbook["questions"]
    assert [cell.value for cell in questions[1]] == table.COLUMNS
    assert questions.max_row == 1  # blank: not an export of the bank
    validated = {str(validation.sqref).split(":")[0] for validation in questions.data_validations.dataValidation}
    assert validated == {"B2", "F2", "G2"}  # type, competency, level
    assert workbook["lists"]["B1"].value  # the competency codes the drop-down offers
    instructions = workbook.worksheets[-1]
    assert [row[0] for row in instructions.iter_rows(min_row=2, values_only=True)][:3] == ["category", "type", "name"]


def test_exports_never_hand_excel_a_formula(competency_model, questions):
    from openpyxl import load_workbook

    from quizzes.exchange import export

    question = questions["single"]
    question.text = '=HYPERLINK("http://evil.example","点我")'
    question.save()
    body, _type, _suffix = export(questions_for_export(), "xlsx")
    sheet = load_workbook(io.BytesIO(body)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if str(cell.value).startswith("=HYPERLINK")]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert export([question], "csv")[0].decode("utf-8").startswith("\ufeffcategory,")


def test_editors_preview_a_question_as_learners_see_it_with_its_key(editor_client, category):
    data = question_form(category, text="售中阶段客户经理的定位是？")
    url = reverse("wagtailsnippets_quizzes_question:preview_on_add")
    assert editor_client.post(url, data).json()["is_valid"] is True
    html = editor_client.get(url).content.decode()
    assert "售中阶段客户经理的定位是？" in html
    assert 'type="radio"' in html and "主导监督" in html
    assert "答案" in html and "主导实干" in html and "主导监督 (50%)" in html
    assert not Question.objects.exists()  # previewing saves nothing


def test_a_sheet_over_the_limit_is_refused_whole(editor_client, competency_model):
    row = "竞争策略分析,判断,三家运营商都有全业务牌照。,competitive-strategy,1,,,,,对,,\n"
    response = editor_client.post(reverse(IMPORT_URL), {"file": upload(HEADER + row * 2001)}, follow=True)
    assert "每个文件最多 2000 道题" in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.parametrize("row", [["判断", "题目"], ["", ""]], ids=["questions", "blank rows"])
def test_reading_stops_at_the_limit_however_long_the_sheet(row):
    from itertools import chain, repeat

    endless = chain([["type", "question"]], repeat(row))
    with pytest.raises(ImportFileError):
        list(table._records(endless))


def test_a_question_twice_in_one_file_is_imported_once(confirm, editor_client, competency_model):
    row = "竞争策略分析,判断,三家运营商都有全业务牌照。,competitive-strategy,1,,,,,对,,\n"
    html = upload_and_preview(editor_client, upload(HEADER + row + row)).content.decode()
    assert "与本文件第 2 行的题目相同" in html
    confirm(editor_client, duplicates="update")
    assert Question.objects.count() == 1


def test_question_import_sits_beside_add_in_the_question_bank(editor_client, category):
    html = editor_client.get(reverse("wagtailsnippets_quizzes_question:list")).content.decode()
    header = html.split('class="w-slim-header')[1].split("</header>")[0] if 'class="w-slim-header' in html else html
    import_url = reverse("wagtailsnippets_quizzes_question:import")
    assert import_url in header
    # A header button, not an entry hidden in the "more" menu.
    more_menu = html.split('data-controller="w-dropdown"')[1:] if "w-dropdown" in html else []
    assert not any(import_url in part.split("</div>")[0] for part in more_menu)
    assert "导入题目" in html
