"""NUL characters never reach a view.

No one types a NUL; it arrives from a broken paste, a script or a probe, and PostgreSQL
refuses any text that holds one, so a view that stored or looked up such text answered
500 and lost the rest of the form (a whole page of a timed quiz). Removing NULs here,
once for every view, keeps everything else the person typed; an address with a NUL in
its path names no page on this site and gets the translated 404.
"""

from django.http import Http404, QueryDict
from django.utils.http import url_has_allowed_host_and_scheme

NUL = "\x00"


class StripNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path:
            raise Http404
        if "%00" in request.META.get("QUERY_STRING", ""):
            request.GET = _without_nul(request.GET)
        if request.method == "POST" and _holds_nul(request.POST):
            request.POST = _without_nul(request.POST)
        return self.get_response(request)


def _holds_nul(query_dict):
    return any(NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists())


def _without_nul(query_dict):
    # Encoded, a NUL is "%00" and a typed "%00" is "%2500", so this removes NULs only.
    return QueryDict(query_dict.urlencode().replace("%00", ""), encoding=query_dict.encoding)


def is_site_path(request, target):
    """A path on this site, safe to redirect to. redirect() takes a bare word for a URL
    name and fails on it, and an absolute URL may lead elsewhere, so only these pass."""
    return (
        bool(target)
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    )
