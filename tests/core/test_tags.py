from core.tags import edit_string_for_tags, normalise_tag, parse_tags


def test_spaces_next_to_chinese_never_make_a_new_tag():
    assert normalise_tag("客户 流失") == "客户流失"
    assert normalise_tag("  客户　流失 ") == "客户流失"


def test_full_width_letters_and_separators_are_normalised():
    assert parse_tags("ＦＭＣ，客户流失、竞争对手；价格战") == ["FMC", "价格战", "客户流失", "竞争对手"]


def test_spaces_never_separate_tags():
    assert parse_tags("key account, 客户 流失") == ["key account", "客户流失"]


def test_duplicates_that_differ_in_case_collapse():
    assert parse_tags("FMC, fmc, Fmc") == ["FMC"]


def test_text_round_trips():
    class Tag:
        def __init__(self, name):
            self.name = name

    tags = [Tag("客户流失"), Tag("key account")]
    assert parse_tags(edit_string_for_tags(tags)) == ["key account", "客户流失"]


def test_empty_and_junk_give_nothing():
    assert parse_tags("") == []
    assert parse_tags(" , ，、 ") == []
    assert parse_tags(None) == []
