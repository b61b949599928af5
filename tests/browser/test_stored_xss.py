"""Stored XSS: a corpus of script payloads written into every free-text field of the
academy (names, titles, comments, experiences, questions, cases, teams, tags, notes),
then every page of the site and the admin that shows one of them read by a person who
may see it. No payload may run, and none may reach the page as markup: the
Content-Security-Policy would stop an inline script on the site, so the test looks for
any element, attribute or URL a payload made. That proves the escaping itself, and
covers the admin, where Wagtail's own inline scripts are allowed.

Two readings, one rule. The markup the server sends is checked on every such page.
What scripts do with it on the page is checked in Chromium, on every page of a view of
ours, and on one page for each generic Wagtail admin view (a listing, an edit form, a
history: the same code and scripts for every model it serves) and each page type: a
second model on the same view runs the same scripts over the same kind of data, and
its server markup is already checked.

Rich text (StreamField and RichTextField) is left out on purpose: it is HTML by design,
written by editors through Wagtail's editor, which keeps only the elements it allows.
"""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.test import Client
from wagtail.models import Page

from accounts.models import User
from tests.browser.conftest import BROWSER_TEST_MARKS, sign_in_by_session
from tests.routes import all_routes
from tests.test_bad_input_sweep import handler_of, reader_for
from tests.test_permission_matrix import NOT_REQUESTED, paths_for
from tests.world import ROLES, build_world

pytestmark = [*BROWSER_TEST_MARKS, pytest.mark.permission_matrix]

# Each payload, if it ever ran, calls __xss with its number.
PAYLOADS = [
    "<script>__xss(1)</script>",
    "<img src=x onerror=__xss(2)>",
    '"><svg onload=__xss(3)>',
    "'><img src=x onerror=__xss(4)>",
    "javascript:__xss(5)",
    "</textarea><script>__xss(6)</script>",
    "</title><script>__xss(7)</script>",
    '<a href="javascript:__xss(8)">链接</a>',
    '<iframe srcdoc="<script>parent.__xss(9)</script>"></iframe>',
    '" onmouseover="__xss(10)" x="',
    "</script><script>__xss(11)</script>",
    "<details open ontoggle=__xss(12)>",
    "[点我](javascript:__xss(13))",
    "<body onload=__xss(14)>",
    "{{constructor.constructor('__xss(15)')()}}",
]
OUR_APPS = ["accounts", "capture", "cases", "competencies", "core", "home", "knowledge", "learning", "quizzes"]
# Fields people never type into, or that the test needs intact to sign in and navigate.
NOT_FREE_TEXT = {"password", "username", "email", "url_path", "slug", "code", "path", "draft_title"}

# Set up before any page script: a payload that runs records itself here.
RECORDER = "window.__xssRan = []; window.__xss = (n) => window.__xssRan.push(n);"
# What ran, and what a payload would leave in the DOM had it not been escaped: an element, an event
# handler or a javascript: URL that mentions __xss. Escaped text matches none of these.
# `markup_in` below is the same rule over the markup the server sent.
FIND_MARKUP = """() => {
  const found = window.__xssRan.map((n) => `ran __xss(${n})`);
  for (const element of document.querySelectorAll('*')) {
    const tag = element.tagName.toUpperCase();
    // A JSON data island (Wagtail's sidebar, json_script) holds the text as data; had
    // a payload broken out of one, its script would be an element of its own.
    const isData = tag === 'SCRIPT' && /json/i.test(element.type || '');
    // A frame the page itself placed (the courseware player) may carry a title a person
    // typed; as an attribute value it is text. Anything else in a frame is a finding.
    let own = element.outerHTML || '';
    if (tag === 'IFRAME') {
      const frame = element.cloneNode(false);
      frame.removeAttribute('title');
      own = frame.outerHTML;
    }
    if (['SCRIPT', 'IFRAME', 'SVG'].includes(tag) && !isData && own.includes('__xss')) {
      found.push(element.outerHTML.slice(0, 120));
    }
    for (const attribute of element.attributes) {
      const value = attribute.value || '';
      if (!value.includes('__xss')) continue;
      const name = attribute.name.toLowerCase();
      const isUrl = ['href', 'src', 'action', 'formaction', 'srcdoc', 'data'].includes(name);
      if (name.startsWith('on') || (isUrl && /^\\s*javascript:/i.test(value)) || name === 'srcdoc') {
        found.push(`${element.tagName} ${name}=${value.slice(0, 80)}`);
      }
    }
  }
  return found;
}"""


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcdoc", "data"}


class MarkupFinder(HTMLParser):
    """FIND_MARKUP's rule over the markup the server sent, so it holds on every page
    that shows a payload, opened in Chromium or not: a script, frame or SVG that
    mentions __xss, an event handler, a javascript: URL or a srcdoc that does."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.open_elements = []  # [tag, its markup so far] of each script or SVG open here

    def handle_starttag(self, tag, attrs):
        self._check_attributes(tag, attrs)
        own = self.get_starttag_text()
        if tag == "iframe":  # its own attributes but the title, as FIND_MARKUP's clone
            own = " ".join(f"{name}={value}" for name, value in attrs if name != "title")
        for element in self.open_elements:
            element[1].append(own)
        is_data = tag == "script" and "json" in (dict(attrs).get("type") or "").lower()
        if tag == "iframe" and "__xss" in own:
            self.found.append(own[:120])
        elif tag in {"script", "svg"} and not is_data:
            self.open_elements.append([tag, [own]])

    def handle_data(self, data):
        for element in self.open_elements:
            element[1].append(data)

    def handle_endtag(self, tag):
        if self.open_elements and self.open_elements[-1][0] == tag:
            markup = "".join(self.open_elements.pop()[1])
            if "__xss" in markup:
                self.found.append(markup[:120])

    def _check_attributes(self, tag, attrs):
        for name, value in attrs:
            if not value or "__xss" not in value:
                continue
            is_url = name in URL_ATTRIBUTES
            if name.startswith("on") or (is_url and re.match(r"\s*javascript:", value, re.I)) or name == "srcdoc":
                self.found.append(f"{tag} {name}={value[:80]}")


def markup_in(html):
    finder = MarkupFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def free_text_fields(model):
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or isinstance(field, models.SlugField):
            continue
        if field.choices or field.primary_key or field.unique or field.name in NOT_FREE_TEXT:
            continue
        if type(field).__module__.startswith("wagtail"):
            continue  # rich text and StreamField: editors' HTML by design (see above)
        yield field


def payload_for(index, field):
    """The payloads in turn, skipping those longer than the field allows."""
    fitting = [payload for payload in PAYLOADS if not field.max_length or len(payload) <= field.max_length]
    return fitting[index % len(fitting)] if fitting else None


def poison(models_to_poison):
    """Write a payload into every free-text field of every row; returns how many."""
    written = 0
    for model in models_to_poison:
        fields = list(free_text_fields(model))
        if not fields:
            continue
        for row_number, pk in enumerate(model._default_manager.values_list("pk", flat=True)):
            values = {}
            for field_number, field in enumerate(fields):
                payload = payload_for(row_number + field_number, field)
                if payload is not None:
                    values[field.attname] = payload
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk=pk).update(**values)
            except IntegrityError:
                # A field unique among the rows (an employee number): the payload goes
                # into one row only.
                continue
            written += len(values)
    return written


def models_people_write():
    ours = [
        model
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if not issubclass(model, Page)  # pages get their titles poisoned below
    ]
    return [*ours, apps.get_model("taggit", "Tag"), apps.get_model("wagtaildocs", "Document")]


def poison_page_titles():
    pages = Page.objects.filter(depth__gt=2)
    for number, page in enumerate(pages):
        Page.objects.filter(pk=page.pk).update(title=PAYLOADS[number % len(PAYLOADS)])
    return pages.count()


def pages_showing_a_payload(world):
    """{(role, path): (what answers it, its markup)} for every GET page, site and admin,
    that shows a payload to the first person allowed to read it, plus every published
    page of the site and a search."""
    shown, clients = {}, {}

    def read(role, path, answered_by):
        client = clients.setdefault(role, signed_in_client(role))
        response = client.get(path)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            html = response.content.decode()
            if "__xss" in html:
                shown[role, path] = (answered_by, html)

    for route in all_routes():
        reader = reader_for(route)
        if route.name in NOT_REQUESTED or reader is None:
            continue
        for path in paths_for(route, world):
            read(reader, path, handler_of(path))
    for page in Page.objects.live().filter(depth__gt=1).specific(defer=True):
        read("learner", page.url, type(page).__name__)
    read("learner", "/search/?q=xss", "search")
    return dict(sorted(shown.items()))


def one_page_per_view(pages):
    """The pages to open in Chromium: the first of each view or page type."""
    chosen = {}
    for (role, path), (answered_by, _html) in pages.items():
        chosen.setdefault(answered_by, (role, path))
    return sorted(chosen.values())


def signed_in_client(role):
    client = Client(raise_request_exception=False)
    if ROLES[role]:
        client.force_login(User.objects.get(username=ROLES[role]))
    return client


def test_no_stored_payload_runs_or_becomes_markup_anywhere(browser, live_server):
    world = build_world()
    written = poison(models_people_write()) + poison_page_titles()
    pages = pages_showing_a_payload(world)
    assert len(pages) > 50, pages  # the corpus is on the pages people use

    problems = [
        f"{role} {path}: {found[:3]}" for (role, path), (_, html) in pages.items() if (found := markup_in(html))
    ]
    in_the_browser = one_page_per_view(pages)
    contexts = {}
    for role, path in in_the_browser:
        if role not in contexts:
            context = browser.new_context(locale="zh-CN")
            context.add_init_script(RECORDER)
            page = context.new_page()
            if ROLES[role]:
                sign_in_by_session(page, live_server.url, ROLES[role])
            page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
            contexts[role] = (context, page)
        page = contexts[role][1]
        page.goto(live_server.url + path, wait_until="load")
        # One round trip a page: what ran, then what became markup.
        found = page.evaluate(FIND_MARKUP)
        if found:
            problems.append(f"{role} {path}: {found[:3]}")
    for context, _page in contexts.values():
        context.close()
    print(
        f"{len(PAYLOADS)} payloads in {written} fields, shown on {len(pages)} pages, "
        f"{len(in_the_browser)} of them opened in Chromium"
    )
    assert problems == [], "\n".join(problems)
