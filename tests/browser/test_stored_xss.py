"""Stored XSS: a corpus of script payloads written into every free-text field of the
academy (names, titles, comments, experiences, questions, cases, teams, tags, notes),
then every page of the site and the admin that shows one of them opened in Chromium by
a person who may see it. No payload may run, and none may reach the page as markup:
the Content-Security-Policy would stop an inline script on the site, so the test also
looks in the live DOM for any element, attribute or URL a payload made. That proves the
escaping itself, and covers the admin, where Wagtail's own inline scripts are allowed.

Rich text (StreamField and RichTextField) is left out on purpose: it is HTML by design,
written by editors through Wagtail's editor, which keeps only the elements it allows.
"""

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.test import Client
from wagtail.models import Page

from accounts.models import User
from tests.browser.conftest import BROWSER_TEST_MARKS
from tests.routes import all_routes
from tests.test_bad_input_sweep import reader_for
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
    """(role, path) for every GET page, site and admin, that shows a payload to the
    first person allowed to read it, plus every published page of the site."""
    shown, clients = [], {}
    for route in all_routes():
        reader = reader_for(route)
        if route.name in NOT_REQUESTED or reader is None:
            continue
        client = clients.setdefault(reader, signed_in_client(reader))
        for path in paths_for(route, world):
            response = client.get(path)
            if (
                response.status_code == 200
                and "html" in response.get("Content-Type", "")
                and b"__xss" in (response.content)
            ):
                shown.append((reader, path))
    for page in Page.objects.live().filter(depth__gt=1).specific(defer=True):
        shown.append(("learner", page.url))
    shown.append(("learner", "/search/?q=xss"))
    return sorted(set(shown))


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

    contexts, problems = {}, []
    for role, path in pages:
        if role not in contexts:
            context = browser.new_context(locale="zh-CN")
            context.add_init_script(RECORDER)
            session = signed_in_client(role).cookies.get("sessionid")
            if session:
                context.add_cookies([{"name": "sessionid", "value": session.value, "url": live_server.url}])
            page = context.new_page()
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
    print(f"{len(PAYLOADS)} payloads in {written} fields, rendered on {len(pages)} pages in Chromium")
    assert problems == [], "\n".join(problems)
