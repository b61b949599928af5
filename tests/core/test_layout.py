import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Page

from core.menu import MENU_HOOK, MenuItem
from tests.conftest import EN

pytestmark = pytest.mark.django_db


def add_section(parent, title, slug, **kwargs):
    return parent.add_child(instance=Page(title=title, slug=slug, **kwargs))


def test_layout_has_landmarks_skip_link_and_search(client, home_page):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<header class="site-header">' in html
    assert '<main id="main"' in html
    assert '<footer class="site-footer">' in html
    assert 'role="search"' in html
    assert '<label class="visually-hidden" for="site-search-q">' in html


def test_sections_flagged_show_in_menus_form_the_main_menu(client, home_page):
    add_section(home_page, "课程库", "courses", show_in_menus=True)
    add_section(home_page, "案例交流", "cases", show_in_menus=True)
    add_section(home_page, "内部页面", "internal", show_in_menus=False)
    html = client.get("/").content.decode()
    assert '<a class="main-menu__link" href="/courses/">课程库</a>' in html
    assert html.index("课程库") < html.index("案例交流")
    assert "内部页面" not in html


def test_unpublished_sections_stay_out_of_the_menu(client, home_page):
    draft = add_section(home_page, "测评认证", "assessment", show_in_menus=True)
    draft.unpublish()
    assert "测评认证" not in client.get("/").content.decode()


def test_the_menu_is_cached_until_a_page_is_published_unpublished_or_moved(client, home_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_section(home_page, "课程库", "courses", show_in_menus=True)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    menu_scans = [query for query in queries if "show_in_menus" in query["sql"].split("WHERE", 1)[-1]]
    assert menu_scans == []

    cases = Page(title="案例交流", slug="cases", show_in_menus=True, live=False)
    home_page.add_child(instance=cases)
    cases.save_revision().publish()
    assert '<a class="main-menu__link" href="/cases/">案例交流</a>' in client.get("/").content.decode()

    cases.refresh_from_db()
    cases.unpublish()
    assert "案例交流" not in client.get("/").content.decode()


def test_apps_add_view_sections_through_the_menu_hook(client, home_page, learner):
    def my_learning(request):
        return MenuItem(label="团队看板", url="/team/", order=50, requires_login=True)

    with hooks.register_temporarily(MENU_HOOK, my_learning):
        assert "团队看板" not in client.get("/").content.decode()
        client.force_login(learner)
        assert '<a class="main-menu__link" href="/team/">团队看板</a>' in client.get("/").content.decode()


def test_the_menu_marks_where_the_reader_is_in_their_language_and_role_visit_after_visit(
    client, home_page, lesson_library, learner, director
):
    add_section(home_page, "案例交流", "cases", show_in_menus=True)
    mine_current = '<summary class="main-menu__link menu-group__toggle is-current">我的</summary>'
    client.force_login(learner)
    for _ in range(2):
        at_lessons = client.get("/lessons/").content.decode()
        assert '<a class="main-menu__link" href="/lessons/" aria-current="page">经验库</a>' in at_lessons
        assert '<a class="main-menu__link" href="/cases/">案例交流</a>' in at_lessons
        at_my_learning = client.get("/learning/my/").content.decode()
        assert mine_current in at_my_learning and 'aria-current="page">我的学习</a>' in at_my_learning
        english = client.get("/learning/my/", **EN).content.decode()
        assert 'aria-current="page">My learning</a>' in english and ">Mine</summary>" in english
        assert "我的学习</a>" not in english
        assert ">团队</summary>" not in at_lessons
    client.force_login(director)
    assert ">团队</summary>" in client.get("/lessons/").content.decode()


def test_breadcrumbs_lead_from_home_to_the_current_page(home_page):
    section = add_section(home_page, "课程库", "courses")
    course = section.add_child(instance=Page(title="集团客户需求放大镜", slug="magnifier"))
    request = RequestFactory().get(course.url)
    html = Template("{% load site_tags %}{% breadcrumbs %}").render(Context({"request": request, "page": course}))
    assert '<a href="/">' in html
    assert '<a href="/courses/">课程库</a>' in html
    assert '<span aria-current="page">集团客户需求放大镜</span>' in html


def test_the_trail_above_a_page_is_kept_until_the_next_publish(home_page):
    """The ancestors' titles and addresses are read once, not on every visit; a course
    renamed and published shows in its lessons' trail at once, and the page's own
    title is always its own (a preview shows the unsaved one)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    section = add_section(home_page, "课程库", "courses")
    course = section.add_child(instance=Page(title="集团客户需求放大镜", slug="magnifier"))
    lesson = course.add_child(instance=Page(title="第一课", slug="lesson-1"))

    def trail(page):
        request = RequestFactory().get(page.url)
        return Template("{% load site_tags %}{% breadcrumbs %}").render(Context({"request": request, "page": page}))

    trail(lesson)
    with CaptureQueriesContext(connection) as queries:
        html = trail(lesson)
    assert '<a href="/courses/magnifier/">集团客户需求放大镜</a>' in html
    assert [query for query in queries if 'FROM "wagtailcore_page"' in query["sql"]] == []

    course.title = "需求放大镜（第二版）"
    course.save_revision().publish()
    lesson.title = "第一课（草稿）"
    html = trail(lesson)
    assert '<a href="/courses/magnifier/">需求放大镜（第二版）</a>' in html
    assert '<span aria-current="page">第一课（草稿）</span>' in html


def test_views_that_are_not_pages_pass_their_own_breadcrumbs(learner_client):
    html = learner_client.get("/accounts/profile/").content.decode()
    assert 'aria-label="面包屑导航"' in html
    assert '<span aria-current="page">个人资料</span>' in html


def test_home_page_has_no_breadcrumbs(client, home_page):
    assert "breadcrumbs" not in client.get("/").content.decode().split("<main", 1)[1]


def test_unknown_urls_get_a_helpful_404(client, home_page):
    response = client.get("/no-such-page/", **EN)
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert 'action="/search/"' in html


def test_health_check_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_account_menu_offers_the_editor_workspace_only_to_editors(client, learner, editor, home_page):
    client.force_login(learner)
    assert "编辑后台" not in client.get("/").content.decode()
    client.force_login(editor)
    assert "编辑后台" in client.get("/").content.decode()


def test_the_account_menu_follows_the_persons_name_and_notifications_and_signs_out_with_their_own_token(
    learner, home_page
):
    import re

    from django.test import Client

    from core.notifications import notify

    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)

    def menu():
        html = client.get("/").content.decode()
        return html[html.index('<details class="account-menu">') : html.index("</details>")]

    assert '<span class="account-menu__name">陈晓</span>' in menu() and "badge" not in menu()
    learner.display_name = "陈晓明"
    learner.save()
    notify(recipient=learner, message="张伟 给你布置了新的学习")
    shown = menu()
    assert '<span class="account-menu__name">陈晓明</span>' in shown
    assert '<span class="badge">1<span class="visually-hidden"> 条未读通知</span></span>' in shown
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="badge">1<span class="visually-hidden"> unread notification</span>' in english
    assert "Sign out" in english
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', shown).group(1)
    signed_out = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302
    assert "account-menu" not in client.get("/").content.decode()


def test_static_assets_are_served_locally(client, home_page):
    html = client.get("/").content.decode()
    assert "http://" not in html.split("<body", 1)[0]
    assert "https://" not in html.split("<body", 1)[0]


def test_english_pages_show_english_section_titles_and_model_names(client, learner):
    from competencies import demo as competencies_demo
    from competencies.models import Competency
    from learning import demo as learning_demo

    competencies_demo.load()
    learning_demo.load()
    client.force_login(learner)
    english = client.get("/courses/", **EN).content.decode()
    assert '<a class="main-menu__link" href="/courses/" aria-current="page">Course library</a>' in english
    assert "<h1>Course library</h1>" in english and "<title>Course library ·" in english
    growth = client.get("/growth/", **EN).content.decode()
    assert "Needs analysis" in growth and "需求理解与分析" not in growth.split("<main")[1]

    chinese = client.get("/courses/").content.decode()
    assert "<h1>课程库</h1>" in chinese and "Course library" not in chinese
    # Without an English name, the Chinese one stands in.
    needs_analysis = Competency.objects.get(code="needs-analysis")
    needs_analysis.name_en = ""
    needs_analysis.save()
    assert "需求理解与分析" in client.get("/growth/", **EN).content.decode()
