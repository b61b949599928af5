"""Whole pages for visitors who are not signed in, served from the cache.

A page costs 10 to 45 ms of Python to render, and most visits to the public pages
(home, the libraries, courses, lessons and cases) come from people who see exactly
what any other signed-out visitor sees. So a Wagtail page rendered for such a visitor
is kept for ANONYMOUS_PAGE_CACHE_SECONDS, per site, address and language, under the
content generation (core.related) that any publish, unpublish, move, delete or view
restriction moves on: new content shows at once, and so does a page put behind a
login; vote and comment totals lag by at most that long.

Only what is provably the same for everyone is stored: a 200 from a Wagtail page,
for a request without a session or pending messages, that set no cookie and used no
CSRF token (a form on the page would need one of its own). Views that are not pages
(search, which logs each query; the health checks) are never stored.
"""

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.utils.translation import get_language

from core.related import related_generation

CACHEABLE_FLAG = "anonymous_page_cacheable"
CACHE_CONTROL_REFUSALS = ("private", "no-cache", "no-store")


def mark_cacheable(page, request, serve_args, serve_kwargs):
    """Wagtail's before_serve_page hook: a page is about to render for a signed-out
    visitor. Returns nothing, so Wagtail goes on serving."""
    if not request.user.is_authenticated:
        setattr(request, CACHEABLE_FLAG, True)


class AnonymousPageCacheMiddleware:
    """Sits after LocaleMiddleware, which decides the language the page is in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.ANONYMOUS_PAGE_CACHE_SECONDS
        if not seconds or not _anonymous_get(request):
            return self.get_response(request)
        key = _key(request)
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if _same_for_everyone(request, response):
            cache.set(key, response, seconds)
        return response


def _anonymous_get(request):
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        # A pending message (kept in a cookie) belongs to this visitor's next page.
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _same_for_everyone(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        getattr(request, CACHEABLE_FLAG, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(refusal in cache_control for refusal in CACHE_CONTROL_REFUSALS)
    )


def _key(request):
    address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"anonymous-page:{related_generation()}:{get_language()}:{address}"
