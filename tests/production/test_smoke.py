"""The site as it runs in production, over real HTTP: every public page, each role's
main pages and what they link to, static files, and the error pages."""

from collections import deque

import pytest
import requests

from tests.production.client import SiteClient, links_in, static_urls_in

pytestmark = pytest.mark.production_stack

PUBLIC_PAGES = [
    "/",
    "/courses/",
    "/competency-model/",
    "/lessons/",
    "/cases/",
    "/search/?q=客户",
    "/search/?q=FMC",
    "/certificates/verify/",
    "/accounts/login/",
]

ROLE_PAGES = {
    "learner": [
        "/",
        "/learning/my/",
        "/growth/",
        "/growth/plan/",
        "/growth/self-assessment/",
        "/certificates/",
        "/capture/share/",
        "/capture/mine/",
        "/notifications/",
        "/accounts/profile/",
        "/assessment/",
        "/knowledge/experts/",
        "/knowledge/following/",
        "/knowledge/questions/",
        "/knowledge/credit/",
    ],
    "director": [
        "/",
        "/teams/",
        "/growth/",
        "/growth/plan/",
        "/cases/",
        "/lessons/",
        "/accounts/profile/",
        "/knowledge/reuse/",
    ],
    "editor": [
        "/",
        "/admin/",
        "/admin/pages/",
        "/admin/snippets/",
        "/admin/documents/",
        "/admin/images/",
        "/admin/reports/content-reviews/",
        "/knowledge/reuse/",
    ],
    "assessor": ["/", "/quiz/grading/", "/quiz/sign-offs/", "/admin/"],
}

# Links a crawl must not follow: sign-out and language forms are POSTs anyway; the error
# check raises on purpose; downloads are checked elsewhere; Wagtail's bulk-action links
# are templates its script completes with the chosen items' ids.
NOT_CRAWLED = (
    "/healthz/error",
    "/static/",
    "/media/",
    "/documents/",
    "/admin/logout/",
    "/accounts/logout/",
    "/admin/bulk/",
)


def crawl(client, start, *, limit):
    """Breadth-first over same-site links from the start pages: {path: status}."""
    statuses, queue = {}, deque(start)
    while queue and len(statuses) < limit:
        path = queue.popleft()
        if path in statuses or path.startswith(NOT_CRAWLED):
            continue
        response = client.get(path)
        statuses[path] = response.status_code
        if response.status_code == 200 and response.headers.get("Content-Type", "").startswith("text/html"):
            queue.extend(link for link in links_in(response.text, client.base_url) if link not in statuses)
    return statuses


def test_every_public_page_answers_200(visitor):
    statuses = {path: visitor.get(path).status_code for path in PUBLIC_PAGES}
    assert statuses == dict.fromkeys(PUBLIC_PAGES, 200)


def test_a_visitor_can_follow_every_link_without_an_error(visitor):
    statuses = crawl(visitor, PUBLIC_PAGES, limit=120)
    assert len(statuses) >= 40, statuses
    broken = {path: status for path, status in statuses.items() if status >= 400}
    assert broken == {}


@pytest.mark.parametrize("role", ROLE_PAGES)
def test_each_role_reaches_its_main_pages_and_what_they_link_to(signed_in, role):
    client = signed_in(role)
    # /teams/ takes a director of one team straight to its dashboard.
    main = {path: client.follow(path).status_code for path in ROLE_PAGES[role]}
    assert main == dict.fromkeys(ROLE_PAGES[role], 200)
    statuses = crawl(client, ROLE_PAGES[role], limit=80)
    broken = {path: status for path, status in statuses.items() if status >= 400}
    assert broken == {}


def test_static_files_are_hashed_compressed_and_cached_for_a_year(visitor):
    html = visitor.get("/").text
    assets = static_urls_in(html)
    assert any(path.endswith(".css") for path in assets) and any(path.endswith(".js") for path in assets)
    for path in assets:
        response = visitor.get(path, headers={"Accept-Encoding": "gzip, br"})
        assert response.status_code == 200, path
        # Hashed names (site.<hash>.css) may be cached for ever: a change gets a new name.
        assert "max-age=315360000" in response.headers["Cache-Control"], path
        assert "immutable" in response.headers["Cache-Control"], path
    stylesheet = next(path for path in assets if path.endswith(".css"))
    assert visitor.get(stylesheet, headers={"Accept-Encoding": "gzip"}).headers.get("Content-Encoding") == "gzip"


def test_the_radar_chart_library_is_served_with_its_source_map(signed_in):
    client = signed_in("learner")
    scripts = [path for path in static_urls_in(client.get("/growth/").text) if "chart.umd" in path]
    assert scripts, "the growth page loads Chart.js"
    script = client.get(scripts[0])
    assert script.status_code == 200
    folder = scripts[0].rsplit("/", 1)[0]
    map_name = script.text.rsplit("sourceMappingURL=", 1)[1].strip()
    assert client.get(f"{folder}/{map_name}").status_code == 200


@pytest.mark.parametrize(
    ("language", "heading"), [("zh-CN", "页面不存在"), ("en-US", "Page not found")], ids=["zh", "en"]
)
def test_a_missing_page_shows_the_translated_404_page(stack, language, heading):
    response = SiteClient(stack.urls[0], language=language).get("/no-such-page/")
    assert response.status_code == 404
    assert heading in response.text
    assert "/static/core/css/site." in response.text


def test_a_server_error_shows_the_error_page_and_mails_the_administrators(stack, visitor):
    response = visitor.get(f"/healthz/error?token={stack.error_check_token}")
    assert response.status_code == 500
    assert "服务器出错了" in response.text
    assert "Something went wrong on our side" in response.text
    assert "/static/core/css/site." in response.text
    assert "Internal Server Error: /healthz/error" in stack.services["app0"].log_text()
    assert visitor.get("/healthz/error?token=wrong").status_code == 404


def test_plain_http_is_sent_to_https_but_the_health_checks_are_not(stack):
    assert requests.get(f"{stack.urls[0]}/accounts/login/", allow_redirects=False).status_code == 301
    assert requests.get(f"{stack.urls[0]}/healthz").status_code == 200
    assert requests.get(f"{stack.urls[0]}/readyz").status_code == 200
