"""Which Wagtail Site and page answer a request, without asking the database each time.

Wagtail finds the Site for every request with a query that ranks the sites by how well
they match the host and port (about 0.9 ms of CPU), then walks the page tree from the
site's root to the page, two queries a level: a lesson five levels down cost eight
queries before its own code ran, a fifth of a signed-in page's CPU under load. The
answers change only when a page is published, unpublished, moved or deleted, or an
administrator edits the sites, and each of those moves the content generation on
(core.related). So each process remembers them under that generation: the next
request after a change, on any app server, finds its way afresh.

Only the way is remembered (a site's field values; a page's type and id). Each request
gets a Site and a page of its own, read for it, so nothing one request does to them
reaches another, and a page that is no longer live is routed by Wagtail as before.
"""

import threading
from collections import OrderedDict

from django.contrib.contenttypes.models import ContentType
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname
from wagtail.url_routing import RouteResult

from core.related import related_generation

# Hosts reach this point only after ALLOWED_HOSTS has vetted them (CommonMiddleware);
# the bound is for a site that allows any host.
MAX_REMEMBERED_HOSTS = 64
# The most visited addresses; a full-scale site has far more pages than are visited
# often enough to be worth remembering.
MAX_REMEMBERED_ROUTES = 5000
SITE_FIELDS = [field.attname for field in Site._meta.concrete_fields]


class _Remembered:
    """One process's answers, all dropped together when the generation moves on."""

    def __init__(self):
        self.lock = threading.Lock()
        self.generation = None
        self.sites = {}
        self.routes = OrderedDict()

    def current(self, generation):
        with self.lock:
            if self.generation != generation:
                self.generation, self.sites, self.routes = generation, {}, OrderedDict()
            return self

    def route(self, key):
        with self.lock:
            found = self.routes.get(key)
            if found is not None:
                self.routes.move_to_end(key)
            return found

    def remember_route(self, generation, key, way):
        with self.lock:
            if generation != self.generation:
                return  # found under content that has changed since
            self.routes[key] = way
            if len(self.routes) > MAX_REMEMBERED_ROUTES:
                self.routes.popitem(last=False)


_remembered = _Remembered()


def site_values_for(remembered, hostname, port):
    """The field values of the Site for `hostname` and `port`, or None if none matches,
    as Wagtail's own lookup finds it."""
    key = (hostname, port)
    # Another thread may replace the dict at any moment (a new generation, too many
    # hosts): what this request found is read from its own variable, never back.
    sites = remembered.sites
    if key in sites:
        return sites[key]
    if len(sites) >= MAX_REMEMBERED_HOSTS:
        remembered.sites = sites = {}
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        values = None
    else:
        values = [getattr(site, name) for name in SITE_FIELDS]
    sites[key] = values
    return values


def _remembered_page(way):
    content_type_id, page_id = way
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    return model.objects.filter(pk=page_id, live=True).first()


def needs_no_site(view):
    """Marks a view that must answer without the database or the cache (the health
    checks): the middleware below leaves its requests alone."""
    view.needs_no_site = True
    return view


class RememberedRoutingMiddleware:
    """Gives the request the Site that `Site.find_for_request` would look up and, for an
    address a page answered before, the route `Page.route_for_request` would walk.
    Sits after CommonMiddleware, which refuses hosts outside ALLOWED_HOSTS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "needs_no_site", False):
            return None
        generation = related_generation()
        remembered = _remembered.current(generation)
        hostname = split_domain_port(request._get_raw_host())[0]
        values = site_values_for(remembered, hostname, request.get_port())
        site = None if values is None else Site.from_db("default", SITE_FIELDS, values)
        request._wagtail_site = site
        if site is not None:
            request._routing_key = (generation, (site.pk, request.path_info))
            way = remembered.route(request._routing_key[1])
            page = _remembered_page(way) if way is not None else None
            if page is not None:
                request._wagtail_route_for_request = RouteResult(page)
        return None


def remember_route(page, request, serve_args, serve_kwargs):
    """Wagtail's before_serve_page hook: the page a walk of the tree found for this
    address, for the next request to it. Returns nothing, so Wagtail goes on serving."""
    routing_key = getattr(request, "_routing_key", None)
    if routing_key is None or serve_args or serve_kwargs:
        return
    generation, key = routing_key
    _remembered.remember_route(generation, key, (page.content_type_id, page.pk))
