"""A browser-like HTTP client for the production stack: real cookies, CSRF tokens and
the headers the TLS-terminating proxy in front of the app servers would add."""

import re
from urllib.parse import urljoin, urlsplit

import requests
from bs4 import BeautifulSoup
from requests.adapters import HTTPAdapter

from tests.html_forms import form_fields


class TerminatingProxy(HTTPAdapter):
    """Plays the TLS-terminating proxy in front of the app servers: the client speaks
    https:// (so Secure cookies and the HTTPS Referer check work as in a browser), and
    this forwards the request over plain HTTP on loopback with X-Forwarded-Proto set,
    as the README's proxy does."""

    def send(self, request, **kwargs):
        forwarded = request.copy()
        forwarded.url = "http://" + request.url.removeprefix("https://")
        forwarded.headers["X-Forwarded-Proto"] = "https"
        return super().send(forwarded, **kwargs)


class SiteClient:
    def __init__(self, base_url, *, language="zh-CN", address="127.0.0.1"):
        self.base_url = base_url.rstrip("/").replace("http://", "https://", 1)
        self.session = requests.Session()
        self.session.mount("https://127.0.0.1", TerminatingProxy())
        self.session.headers.update(
            {
                "Accept-Language": f"{language},{language.split('-')[0]};q=0.9",
                "User-Agent": "academy-production-smoke/1",
                # The person's address as the proxy reports it (TRUSTED_PROXY_COUNT=1).
                "X-Forwarded-For": address,
            }
        )

    def on(self, base_url):
        """The same browser (same cookies) talking to another app server."""
        other = SiteClient.__new__(SiteClient)
        other.base_url = base_url.rstrip("/").replace("http://", "https://", 1)
        other.session = self.session
        return other

    def url(self, path):
        return path if path.startswith("http") else f"{self.base_url}{path}"

    def get(self, path, **kwargs):
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 30)
        return self.session.get(self.url(path), **kwargs)

    def follow(self, path):
        """GET, following redirects on this app server."""
        response = self.get(path)
        hops = 0
        while response.is_redirect and hops < 5:
            location = urlsplit(urljoin(self.url(path), response.headers["Location"]))
            path = location.path + (f"?{location.query}" if location.query else "")
            response = self.get(path)
            hops += 1
        return response

    def csrf_token(self):
        return self.session.cookies.get("csrftoken")

    def post(self, path, data=None, files=None, *, referer=None):
        """A form post as a browser makes it: the CSRF token from the cookie, and the
        Referer Django checks on HTTPS requests."""
        payload = dict(data or {})
        payload.setdefault("csrfmiddlewaretoken", self.csrf_token())
        referer = referer or path
        headers = {"Referer": self.url(referer)}
        return self.session.post(
            self.url(path), data=payload, files=files, headers=headers, allow_redirects=False, timeout=60
        )

    def sign_in(self, username, password):
        self.get("/accounts/login/")
        response = self.post("/accounts/login/", {"username": username, "password": password})
        if response.status_code != 302:
            raise AssertionError(f"signing in as {username} answered {response.status_code}")
        return response

    def form_fields(self, path, form_selector="form[method=post]"):
        """Every field of a form on the page, with the value the browser would send."""
        return form_fields(self.get(path).text, form_selector)


def links_in(html, base_url):
    """Same-site links of a page, as paths, without fragments."""
    soup = BeautifulSoup(html, "html.parser")
    site = urlsplit(base_url).netloc
    found = []
    for anchor in soup.select("a[href]"):
        target = urlsplit(urljoin(base_url + "/", anchor["href"]))
        if target.scheme not in {"http", "https"} or (target.netloc and target.netloc != site):
            continue
        found.append(target.path + (f"?{target.query}" if target.query else ""))
    return found


def static_urls_in(html):
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
