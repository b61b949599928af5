"""GIFT as Moodle reads it: every construct of Moodle's GIFT documentation
(https://docs.moodle.org/en/GIFT_format), and the files that came out wrong before."""

from decimal import Decimal

import pytest

from quizzes.exchange import gift


def read_one(text):
    items = gift.read(text)
    assert len(items) == 1
    return items[0]


def grades(item):
    return [(answer.text, Decimal(answer.weight)) for answer in item.answers]


def test_a_partial_credit_distractor_keeps_the_full_answer_right():
    item = read_one("颜色 {~wrong ~%50%half =full}")
    assert item.kind == "single"
    assert grades(item) == [("wrong", 0), ("half", 50), ("full", 100)]


def test_short_answers_keep_their_grades_and_a_zero_catch_all_stays_wrong():
    item = read_one("Which animal? {=Frog =%50%Cat =%0%*}")
    assert item.kind == "short_answer"
    assert grades(item) == [("Frog", 100), ("Cat", 50), ("*", 0)]


def test_multiple_answers_keep_positive_and_negative_grades():
    item = read_one("选出 {~%70%a ~%30%b ~%-100%c ~%-100%d}")
    assert item.kind == "multiple"
    assert grades(item) == [("a", 70), ("b", 30), ("c", -100), ("d", -100)]
    item = read_one("选出 {~%50%a ~%50%b ~c}")
    assert grades(item) == [("a", 50), ("b", 50), ("c", 0)]


def test_feedback_names_formats_and_metadata_are_kept():
    item = read_one(
        "// [id:NEG-7] [tag:谈判] [tag:底线]\n"
        "::底线::[html]<p>谈判中一方能接受的<b>最差</b>条件称为</p>{=底线#对！ =%50%底价#接近 ####底线是…}"
    )
    assert (item.name, item.external_id, item.tags) == ("底线", "NEG-7", ["谈判", "底线"])
    assert item.text_format == "html" and item.text == "<p>谈判中一方能接受的<b>最差</b>条件称为</p>"
    assert [answer.feedback for answer in item.answers] == ["对！", "接近"]
    assert item.explanation == "底线是…"


def test_true_false_feedback_is_given_for_the_answer_chosen():
    item = read_one("让步应当一次到位。{FALSE#错了：要逐步让步#对####让步要逐步、有条件。}")
    assert item.kind == "true_false" and item.correct_is_true is False
    # GIFT gives the wrong answer's feedback first: a learner answering "true" is wrong.
    assert (item.feedback_true, item.feedback_false) == ("错了：要逐步让步", "对")
    assert item.explanation == "让步要逐步、有条件。"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("{#3.14:0.01}", [("3.14", 100, Decimal("0.01"))]),
        ("{#1..5}", [("3", 100, Decimal(2))]),
        ("{#=1822:0 #对 =%50%1822:2 #接近}", [("1822", 100, 0), ("1822", 50, 2)]),
    ],
)
def test_numerical_answers_tolerances_and_ranges(answer, expected):
    item = read_one("数值 " + answer)
    assert item.kind == "numerical"
    assert [(a.text, a.weight, a.tolerance) for a in item.answers] == [
        (text, Decimal(weight), Decimal(tolerance)) for text, weight, tolerance in expected
    ]


def test_matching_pairs():
    item = read_one("配对 {=售前 -> 主导实干 =售中 -> 主导监督 =售后 -> 主导协调}")
    assert item.kind == "matching"
    assert [(a.text, a.match) for a in item.answers] == [
        ("售前", "主导实干"),
        ("售中", "主导监督"),
        ("售后", "主导协调"),
    ]


def test_essay_and_description():
    essay, description = gift.read("写出你的计划。{####要点：目标、底线}\n\n本节考察谈判准备。\n")
    assert essay.kind == "essay" and essay.explanation == "要点：目标、底线"
    assert description.kind == "description" and description.text == "本节考察谈判准备。"


def test_category_paths_are_kept_whole():
    first, second = gift.read("$CATEGORY: $course$/top/A/基础\n\n甲 {T}\n\n$CATEGORY: $course$/top/B/基础\n\n乙 {T}\n")
    assert (first.category, second.category) == ("A/基础", "B/基础")


def test_a_bracketed_prefix_that_is_no_format_stays_in_the_stem():
    assert read_one("[重要] 客户流失的第一步 {T}").text == "[重要] 客户流失的第一步"


def test_format_markers_are_taken_off_answers():
    item = read_one("[html]<p>选</p>{=[html]<b>甲</b> ~[plain]乙}")
    assert [answer.text for answer in item.answers] == ["甲", "乙"]
    assert any("甲" in note.message for note in item.notes)  # its bold was dropped, and said so


def test_a_metadata_comment_before_a_blank_line_still_belongs_to_its_question():
    item = read_one("// [competency:negotiation] [level:2] [points:3]\n\n谈判 {T}")
    assert (item.competency, item.level, item.points) == ("negotiation", "2", Decimal(3))


def test_unsafe_html_is_cleaned_and_said():
    item = read_one('[html]<p onclick="x()">看<script>alert(1)</script><img src="@@PLUGINFILE@@/a.png"></p>{T}')
    assert item.text == "<p>看</p>"
    assert any(note.message for note in item.notes)


def test_markdown_becomes_formatted_text():
    item = read_one("[markdown]**重点**：客户 {T}")
    assert item.text_format == "html" and "<strong>重点</strong>" in item.text


def test_escapes_and_missing_word_questions():
    item = read_one(r"比例是 1\:2，{=底线 ~上限} 更重要\{注意\}")
    assert item.text == "比例是 1:2， _____ 更重要{注意}"


def test_a_broken_question_is_noted_and_blocks_only_itself():
    items = gift.read("::未闭合 标题 {T}\n\n好题 {T}\n")
    assert items[0].blocked and not items[1].blocked
    assert items[0].line == 1 and items[1].line == 3
