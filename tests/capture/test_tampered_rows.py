"""The cause and option rows as a tampered or broken client might send them: counts
that are not numbers, huge or negative, missing, or a row id from someone else's
experience. None is a 500, nothing typed in the main fields is lost, and no row of
another person's experience is read or changed."""

import re

import pytest
from django.urls import reverse

from capture.forms import MAX_ROWS
from capture.models import Experience, ExperienceCause
from tests.capture.conftest import form_data, make_experience

pytestmark = pytest.mark.django_db

TAMPERED = {
    "count is not a number": {"causes-TOTAL_FORMS": "abc"},
    "count is negative": {"causes-TOTAL_FORMS": "-5"},
    "count is huge": {"causes-TOTAL_FORMS": "999999999999999999999999"},
    "count above the limit": {"causes-TOTAL_FORMS": "5000"},
    "initial above total": {"causes-INITIAL_FORMS": "7"},
    "initial huge": {"causes-INITIAL_FORMS": "9" * 30},
    "management form missing": {"causes-TOTAL_FORMS": None, "causes-INITIAL_FORMS": None},
    "row id not a number": {"causes-0-id": "x"},
}


def test_a_page_that_lost_its_row_counts_says_to_reload_and_keeps_the_text(learner_client, learner, taxonomy):
    response = learner_client.post(reverse("capture:share"), tampered(TAMPERED["management form missing"]))
    html = response.content.decode()
    assert response.status_code == 400
    assert "无法读取本页的原因和方案" in html and "帮联络人准备一页纸的汇报材料" in html


def test_a_page_claiming_thousands_of_rows_is_shown_again_with_the_rows_it_may_have(learner_client, learner, taxonomy):
    response = learner_client.post(reverse("capture:share"), tampered(TAMPERED["count above the limit"]))
    html = response.content.decode()
    assert response.status_code == 400
    assert "帮联络人准备一页纸的汇报材料" in html
    rows_shown = {int(number) for number in re.findall(r'name="causes-(\d+)-', html)}
    assert len(rows_shown) <= MAX_ROWS


def tampered(changes, **fields):
    data = form_data(**fields)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def assert_nothing_typed_was_lost(response, url_name):
    """Either saved with what was typed, or refused with a message that says what to do
    (and, on the page, with what was typed shown again)."""
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 400 and "autosave" in url_name:
        messages = [str(message) for errors in response.json()["errors"].values() for message in errors]
        assert messages and not any("ManagementForm" in message for message in messages), messages
    elif response.status_code == 400:
        html = response.content.decode()
        assert "帮联络人准备一页纸的汇报材料" in html and "ManagementForm" not in html
    else:
        assert Experience.objects.filter(actions__startswith="帮联络人准备一页纸的汇报材料").exists()


@pytest.mark.parametrize("changes", TAMPERED.values(), ids=TAMPERED.keys())
@pytest.mark.parametrize("url_name", ["capture:autosave_new", "capture:share"])
def test_tampered_rows_on_a_new_experience_never_fail(learner_client, learner, taxonomy, changes, url_name):
    response = learner_client.post(reverse(url_name), tampered(changes))
    assert_nothing_typed_was_lost(response, url_name)


@pytest.mark.parametrize("changes", TAMPERED.values(), ids=TAMPERED.keys())
@pytest.mark.parametrize("url_name", ["capture:autosave", "capture:edit"])
def test_tampered_rows_on_a_saved_draft_never_fail(learner_client, learner, taxonomy, changes, url_name):
    draft = make_experience(learner)
    response = learner_client.post(reverse(url_name, args=[draft.pk]), tampered(changes))
    assert_nothing_typed_was_lost(response, url_name)


# The draft's own page lists its saved row (INITIAL_FORMS 1); a broken client then
# sends that row's id as something that is no id, or not at all.
UNREADABLE_ROW_IDS = {
    "row id not a number": {"causes-0-id": "abc"},
    "row id missing": {"causes-0-id": None},
}


@pytest.mark.parametrize("changes", UNREADABLE_ROW_IDS.values(), ids=UNREADABLE_ROW_IDS.keys())
@pytest.mark.parametrize("url_name", ["capture:autosave", "capture:edit"])
def test_a_saved_row_sent_back_without_a_readable_id_asks_to_reload(
    learner_client, learner, taxonomy, changes, url_name
):
    draft = make_experience(learner)
    saved_row = draft.causes.get()
    data = tampered({"causes-INITIAL_FORMS": "1", **changes})
    response = learner_client.post(reverse(url_name, args=[draft.pk]), data)
    assert response.status_code == 400
    if url_name == "capture:edit":
        html = response.content.decode()
        assert "无法读取本页的原因和方案" in html and "帮联络人准备一页纸的汇报材料" in html
    else:
        assert "无法读取本页的原因和方案" in " ".join(response.json()["errors"]["causes"])
    saved_row.refresh_from_db()
    assert saved_row.cause == "只维护了一个联系人"


@pytest.mark.parametrize("url_name", ["capture:autosave", "capture:edit"])
def test_another_persons_row_id_is_neither_read_nor_changed(learner_client, learner, stranger, taxonomy, url_name):
    theirs = make_experience(stranger)
    their_row = theirs.causes.get()
    mine = make_experience(learner)
    data = tampered({"causes-0-id": str(their_row.pk), "causes-0-cause": "改掉别人的原因"})
    response = learner_client.post(reverse(url_name, args=[mine.pk]), data)
    assert response.status_code in (200, 302, 400)
    their_row.refresh_from_db()
    assert their_row.cause == "只维护了一个联系人" and their_row.experience_id == theirs.pk
    assert not ExperienceCause.objects.filter(cause="改掉别人的原因", experience=theirs).exists()
