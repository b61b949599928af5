"""Following tags, competencies, industries and colleagues: from a lesson, from the
following page, and what is new in them on the workspace."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from knowledge.models import Follow, KnowledgePreferences
from tests.knowledge.conftest import publish_lesson

pytestmark = pytest.mark.django_db


def test_a_reader_follows_a_lessons_tag_and_author_from_the_lesson(client, learner, colleague, lesson):
    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    assert "有新内容时告诉我" in html
    tag = Tag.objects.get(name="联络人")
    response = client.post(
        reverse("knowledge:follow"), {"kind": "tag", "target": tag.pk, "next": lesson.url}, follow=True
    )
    assert response.redirect_chain[-1][0] == lesson.url
    assert "已关注联络人" in response.content.decode()
    client.post(reverse("knowledge:follow"), {"kind": "colleague", "target": colleague.pk, "next": lesson.url})
    assert set(Follow.objects.filter(user=learner).values_list("tag", "colleague")) == {
        (tag.pk, None),
        (None, colleague.pk),
    }
    html = client.get(lesson.url).content.decode()
    assert html.count('aria-pressed="true"') == 2

    client.post(reverse("knowledge:follow"), {"kind": "tag", "target": tag.pk, "action": "unfollow"})
    assert not Follow.objects.filter(user=learner, tag=tag).exists()


def test_the_follow_panel_carries_the_readers_own_token_and_shows_each_change_in_each_language(
    learner, colleague, lesson
):
    """The panel is a kept drawing: each reader's form token is put into it, and what
    they follow, the page they are on and the language each draw their own."""
    import re

    from django.test import Client

    from tests.conftest import EN

    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)

    def panel(url=lesson.url, **headers):
        html = client.get(url, **headers).content.decode()
        start = html.index('<section class="follow-panel"')
        return html[start : html.index("</section>", start)]

    shown = panel()
    assert shown.count('aria-pressed="false"') == 2 and colleague.get_display_name() in shown
    assert f'name="next" value="{lesson.url}"' in shown
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', shown).group(1)
    tag = Tag.objects.get(name="联络人")
    response = client.post(
        reverse("knowledge:follow"),
        {"csrfmiddlewaretoken": token, "kind": "tag", "target": tag.pk, "action": "follow", "next": lesson.url},
    )
    assert response.status_code == 302 and response["Location"] == lesson.url
    shown = panel()
    assert shown.count('aria-pressed="true"') == 1 and shown.count('aria-pressed="false"') == 1
    assert f'name="next" value="{lesson.url}?from=digest"' in panel(f"{lesson.url}?from=digest")
    english = panel(**EN)
    assert "Hear of more like this" in english and "Following" in english


def test_what_is_new_in_what_a_person_follows_shows_on_their_workspace(
    client, learner, colleague, editor, lesson, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    client.post(reverse("knowledge:follow"), {"kind": "colleague", "target": colleague.pk})
    assert lesson.title in client.get("/").content.decode().split('id="dash-followed"')[1]
    with django_capture_on_commit_callbacks(execute=True):
        newer = publish_lesson(colleague, title="续约前三个月要做的事", editor=editor)
    followed = client.get("/").content.decode().split('id="dash-followed"')[1].split("</section>")[0]
    assert newer.title in followed and followed.index(newer.title) < followed.index(lesson.title)


def test_nobody_follows_themselves_or_what_is_not_there(client, learner):
    client.force_login(learner)
    response = client.post(reverse("knowledge:follow"), {"kind": "colleague", "target": learner.pk}, follow=True)
    assert "你自己分享的内容你已经能看到了。" in response.content.decode()
    response = client.post(reverse("knowledge:follow"), {"kind": "sect", "target": "x"}, follow=True)
    assert "这一项已经不存在，无法关注。" in response.content.decode()
    assert not Follow.objects.exists()


def test_choosing_a_digest_and_leaving_the_directory(client, learner):
    client.force_login(learner)
    response = client.post(reverse("knowledge:following"), {"digest": "daily", "listed_as_expert": "on"}, follow=True)
    assert "设置已保存。" in response.content.decode()
    preferences = KnowledgePreferences.objects.get(user=learner)
    assert (preferences.digest, preferences.listed_as_expert) == ("daily", True)
    refused = client.post(reverse("knowledge:following"), {"digest": "hourly"})
    assert refused.status_code == 400
    assert KnowledgePreferences.objects.get(user=learner).digest == "daily"
