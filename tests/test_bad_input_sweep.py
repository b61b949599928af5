"""Every form field and query parameter the site's pages offer, sent broken: a NUL
byte, 100,000 characters, the wrong type, a choice that is not offered, a 30-digit
number, a negative one, and percent-encoding that decodes to nothing. Each page is
read as a person allowed to use it; each of its forms (GET and POST) is sent with one
field broken at a time and the rest as the page filled them. No answer may be a 500.
"""

import functools
import os
import sys
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from accounts.models import User
from tests.routes import all_routes
from tests.test_permission_matrix import NOT_REQUESTED, POST_DATA, expected_roles, paths_for
from tests.world import ROLES

pytestmark = pytest.mark.permission_matrix

BROKEN_VALUES = {
    "NUL": "a\x00b",
    "overlong": "x" * 100_000,
    "wrong type": "abc",
    "unknown choice": "no-such-choice",
    "huge number": "9" * 30,
    "negative": "-1",
    "decimal": "1.5",
}
LARGE_FORM = 4
# Percent-encoding that decodes to nothing (a cut-off character, a bad escape, bytes
# that are not UTF-8) sent together, as one address: the query string is decoded as a
# whole before any view reads it. The NUL in a page number alone, as views read `page`.
BROKEN_QUERY_STRINGS = ["%E4%B8&%zz=1&q=%FF%FE", "page=%00"]
# In the admin, forms are posted to on the screens we built (reviewing an experience,
# moderating a comment, importing questions, sign-in security); Wagtail's generic
# editing screens are swept for their search and filter parameters only, to keep CI
# short. Posting to them too found 500s in Wagtail's own form handling, now answered
# 400 by core.admin_guards.
OUR_ADMIN_FORMS = {
    "wagtailsnippets_capture_experience:review",
    "wagtailsnippets_core_comment:moderate",
    "wagtailsnippets_quizzes_question:import",
    "accounts_sign_in_security",
}
# SWEEP_EVERY_ADMIN_FORM=1 posts to Wagtail's generic editing screens too: twice the
# inputs and twice the time, so it is a deeper run to do by hand, not CI's.
EVERY_ADMIN_FORM = os.environ.get("SWEEP_EVERY_ADMIN_FORM") == "1"
# Who reads each page: the first role the permission table lets in, in this order.
READERS = ["learner", "director", "editor", "assessor", "admin"]


def reader_for(route):
    allowed = expected_roles(route) or frozenset()
    return next((role for role in READERS if role in allowed), None)


def forms_on(html, path):
    """[(method, action, {field: value})] for each form on the page."""
    forms = []
    for form in BeautifulSoup(html, "html.parser").select("form"):
        method = (form.get("method") or "get").lower()
        action = form.get("action") or path
        if action.startswith("http") or not action.startswith("/"):
            continue
        fields = {}
        for element in form.select("input[name], select[name], textarea[name]"):
            kind = (element.get("type") or "").lower()
            if kind in {"file", "submit", "button", "image"}:
                continue
            if element.name == "select":
                option = element.select_one("option[selected]") or element.select_one("option")
                fields[element["name"]] = option.get("value", "") if option else ""
            elif element.name == "textarea":
                fields[element["name"]] = element.text
            elif kind in {"checkbox", "radio"}:
                if element.has_attr("checked"):
                    fields[element["name"]] = element.get("value", "on")
            else:
                fields[element["name"]] = element.get("value", "")
        forms.append((method, action, fields))
    return forms


def query_parameters_in_links(html, path):
    """The query parameters the page's own links use on its own path (sorting, facets, paging)."""
    names = set()
    for link in BeautifulSoup(html, "html.parser").select("a[href]"):
        parts = urlsplit(link["href"])
        if parts.path in ("", path) and parts.query:
            names.update(name for name, _value in parse_qsl(parts.query, keep_blank_values=True))
    return names


def broken_values_for(position, field_count):
    """Every broken value for each field of a small form; on a larger one, one per field
    in turn, so every field and every kind of value is still tried while the sweep stays
    within CI's time."""
    values = list(BROKEN_VALUES.items())
    if field_count <= LARGE_FORM:
        return values
    return [values[position % len(values)]]


@functools.cache
def handler_of(path):
    """Who answers `path`, for telling requests apart. Our own views answer by address.
    A generic Wagtail admin view (a listing, its history, a report) serves every model
    it is registered for with the same code, so one address stands for them all: its
    listing parameters (ordering, page, export, date ranges) broken on one model's
    listing are broken on all of them. A filter of our own shows as a field of its own."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return path
    view = getattr(match.func, "view_class", match.func)
    if view.__module__.startswith("wagtail."):
        return f"{view.__module__}.{view.__qualname__}"
    return path


def request_key(role, method, action, fields, field, label):
    """What makes a broken request distinct. The header search, the language switch and
    the admin's sidebar search are on every page: the same form, sent to the same view
    with the same broken field, is the same request wherever it was found (the CSRF
    token and the page to return to differ, and no view's outcome depends on them)."""
    return (role, method, handler_of(action), field, label, frozenset(fields) - {"csrfmiddlewaretoken", "next"})


def send(client, method, path, data, **extra):
    """Each broken request is undone: its writes rolled back and its cookies dropped, so
    the sign-out form, swept like any other, does not sign out the requests after it."""
    cookies = client.cookies.__class__(client.cookies)
    try:
        with transaction.atomic():
            response = client.post(path, data, **extra) if method == "post" else client.get(path, data, **extra)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return response.status_code


@pytest.fixture
def raised():
    """What each 500 raised, so a failure names its cause."""
    errors = []

    def keep(sender, request, **kwargs):
        error = sys.exc_info()[1]
        errors.append(f"{type(error).__name__}: {str(error)[:120]}")

    got_request_exception.connect(keep, weak=False)
    yield errors
    got_request_exception.disconnect(keep)


@pytest.mark.parametrize("half", [0, 1], ids=["even-routes", "odd-routes"])
def test_no_broken_input_gets_a_500(world, raised, half):
    """In two halves of the routes, so the suite's workers can share the work."""
    failures, tried, pages = [], 0, 0
    clients, sent = {}, set()
    for route in all_routes()[half::2]:
        role = reader_for(route)
        if route.name in NOT_REQUESTED or role is None or route.name.endswith("_results"):
            continue
        if role not in clients:
            clients[role] = Client(raise_request_exception=False)
            clients[role].force_login(User.objects.get(username=ROLES[role]))
        client = clients[role]
        for path in paths_for(route, world):
            cookies = client.cookies.__class__(client.cookies)
            page = client.get(path)
            if page.status_code != 200 or not page.get("Content-Type", "").startswith("text/html"):
                client.cookies = cookies
                continue
            pages += 1
            html = page.content.decode()
            forms = forms_on(html, path)
            if route.pattern.startswith("admin/") and route.name not in OUR_ADMIN_FORMS and not EVERY_ADMIN_FORM:
                forms = [form for form in forms if form[0] == "get"]
            links = query_parameters_in_links(html, path)
            if links:
                forms.append(("get", path, dict.fromkeys(links, "")))
            if not forms and route.name in POST_DATA:
                forms.append(("post", path, POST_DATA[route.name](world)))
            for method, action, fields in forms:
                for position, field in enumerate(fields):
                    for label, value in broken_values_for(position, len(fields)):
                        key = request_key(role, method, action, fields, field, label)
                        if key in sent:
                            continue
                        sent.add(key)
                        tried += 1
                        status = send(client, method, action, {**fields, field: value})
                        if status >= 500:
                            failures.append(f"{role} {method.upper()} {action} {field}={label}: {raised[-1:]}")
            for query in BROKEN_QUERY_STRINGS:
                key = (role, handler_of(path), query)
                if key in sent:
                    continue
                sent.add(key)
                tried += 1
                status = send(client, "get", path, None, QUERY_STRING=query)
                if status >= 500:
                    failures.append(f"{role} GET {path}?{query}: {raised[-1:]}")
            client.cookies = cookies
    print(f"{tried} broken inputs over {pages} pages")
    assert failures == [], f"{len(failures)} of {tried}:\n" + "\n".join(failures)
