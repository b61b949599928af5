"""Every route the URL conf serves, with its arguments filled from a world of objects
that the permission matrix and the bad-input sweep request them with."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str

    @property
    def parameters(self):
        return re.findall(r"<(?:\w+:)?(\w+)>", self.pattern)

    def path(self, arguments):
        """The concrete path, with each <converter:name> replaced by arguments[name]."""
        if "^" in self.pattern or "(?P" in self.pattern:
            raise ValueError(f"{self.name} is a regular-expression route; give its path explicitly")
        path = self.pattern
        for name in self.parameters:
            path = re.sub(rf"<(?:\w+:)?{name}>", str(arguments[name]), path, count=1)
        return "/" + path


def all_routes():
    """Every named route, site and admin, in URL-conf order; a name served twice (the
    same view on two paths) counts once."""
    seen, routes = set(), []
    for pattern, name in _walk(get_resolver()):
        if name and name not in seen:
            seen.add(name)
            routes.append(Route(name, pattern))
    return routes


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), (namespace + entry.name) if entry.name else None
