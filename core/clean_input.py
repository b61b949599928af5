"""NUL characters never reach a view, nor query values no person would type.

No one types a NUL; it arrives from a broken paste, a script or a probe, and PostgreSQL
refuses any text that holds one, so a view that stored or looked up such text answered
500 and lost the rest of the form (a whole page of a timed quiz). Removing NULs here,
once for every view, keeps everything else the person typed; an address with a NUL in
its path names no page on this site and gets the translated 404.
"""

from django.http import Http404, HttpResponseBadRequest, QueryDict
from django.utils.translation import gettext as _

NUL = "\x00"
# No search, filter or page number a person types is this long; a value this long is a
# probe, and SQLite refuses LIKE patterns over 50,000 bytes with an error.
MAX_QUERY_VALUE_LENGTH = 2_000


class StripNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path:
            raise Http404
        if "%00" in request.META.get("QUERY_STRING", ""):
            request.GET = _without_nul(request.GET)
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_VALUE_LENGTH and _too_long(request.GET):
            return HttpResponseBadRequest(_("This address is too long. Shorten what you searched for and try again."))
        if request.method == "POST" and _holds_nul(request.POST):
            request.POST = _without_nul(request.POST)
        return self.get_response(request)


def _too_long(query_dict):
    return any(len(value) > MAX_QUERY_VALUE_LENGTH for _key, values in query_dict.lists() for value in values)


def _holds_nul(query_dict):
    return any(NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists())


def _without_nul(query_dict):
    # Encoded, a NUL is "%00" and a typed "%00" is "%2500", so this removes NULs only.
    return QueryDict(query_dict.urlencode().replace("%00", ""), encoding=query_dict.encoding)
