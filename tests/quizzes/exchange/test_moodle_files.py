"""Files as Moodle writes them: its documentation's GIFT examples and a Moodle XML export."""

from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from quizzes.exchange import gift, moodle_xml, read_upload

HERE = Path(__file__).parent


def test_every_example_of_moodles_gift_documentation_is_read():
    items = gift.read((HERE / "moodle_examples.gift").read_text())
    assert [item.kind for item in items] == [
        "true_false",
        "single",
        "short_answer",
        "matching",
        "numerical",
        "numerical",
        "numerical",
        "essay",
        "multiple",
        "single",
        "short_answer",
        "true_false",
        "description",
        "numerical",
    ]
    assert not any(item.blocked for item in items)
    grant = items[6]
    assert [(a.text, a.weight, a.tolerance, a.feedback) for a in grant.answers] == [
        ("1822", 100, 0, "Correct! Full credit."),
        ("1822", 50, 2, "He was born in 1822. Half credit for being close."),
    ]
    hometown = items[9]
    assert [(a.text, a.weight) for a in hometown.answers] == [
        ("Jerusalem", 0),
        ("Bethlehem", 25),
        ("Galilee", 50),
        ("Nazareth", 100),
    ]
    tomb = items[11]
    assert (tomb.feedback_true, tomb.feedback_false) == ("Yes, that's right!", "No, he was buried in New York City.")
    assert items[13].text == "<p>What is <b>2 + 2</b>?</p>" and items[13].explanation == "The answer is four."


def test_a_moodle_xml_export_is_read_with_its_grades_feedback_and_warnings():
    items = read_upload(SimpleUploadedFile("moodle.xml", (HERE / "moodle_export.xml").read_bytes()))
    price, short, formula, stages = items
    assert price.category == "Default for 销售/谈判" and price.kind == "single"
    assert (price.name, price.external_id, price.tags, price.points) == ("价格异议", "NEG-1", ["异议"], Decimal(2))
    assert price.text == "客户说“太贵了”，第一步：" and price.text_format == "plain"
    assert price.explanation == "先弄清“贵”是和什么比。"
    assert [(a.text, a.weight, a.feedback) for a in price.answers] == [
        ("探询比较对象", 100, "对"),
        ("强调质量", Decimal("33.33333"), ""),
        ("立即降价", -50, ""),
    ]
    assert short.case_sensitive and (short.text, short.text_format) == ("中国联通的3G制式是", "plain")
    assert [(a.text, a.weight, a.feedback) for a in short.answers] == [("WCDMA", 100, ""), ("*", 0, "再想想")]
    assert short.notes and not short.blocked  # the picture is not carried, and said so
    assert formula.blocked and "calculated" in formula.notes[0].message
    assert [(a.text, a.match) for a in stages.answers] == [("售前", "主导实干"), ("售中", "主导监督")]
    assert "旁观" in stages.notes[0].message


def test_an_xml_bomb_is_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><quiz>&lol2;</quiz>'
    import pytest

    from quizzes.exchange.errors import ImportFileError

    with pytest.raises(ImportFileError):
        moodle_xml.read(__import__("io").BytesIO(bomb))
