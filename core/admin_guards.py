"""Input Wagtail's admin views answer with a 500 (found by the permission matrix and
the bad-input sweep, tests/test_permission_matrix.py and tests/test_bad_input_sweep.py),
refused or cleaned here before the view sees it.

- The admin API's `find` endpoints pass `?id=` to the database unchecked:
  `/admin/api/main/images/find/?id=abc` raises ValueError.
- The redirect import's second step reads its two signed hidden fields without
  checking they were sent: an empty POST raises KeyError.
- Delete and unpublish views hand `?next=` to `redirect()`, which takes a bare word
  for a view name: `next=abc` raises NoReverseMatch. Only a path is kept.
- The admin's list searches put `?q=` into a LIKE pattern, which SQLite refuses past
  50,000 bytes; no person types a search that long. (The site's own search cuts a
  long query and keeps it in the box.)
- Deleting a row that others still point to through a protected key (a region with
  teams, a job grade people hold) raises ProtectedError: the person is sent back with
  what still uses it.
- A posted form whose hidden inputs were changed or left out: Wagtail's chooser
  widgets look up a chosen id that is not a number (ValueError) when they redraw the
  refused form, and StreamField reads its `-count` input without checking it was sent
  (KeyError). The browser writes both, so only an edited request gets here; it is
  answered 400, not 500 (which would mail the administrators).
- The same for the inline rows of snippets and pages (django-modelcluster's formsets):
  a row id that is not a number escapes as a ValidationError; a negative row count
  makes existing rows look new (IntegrityError); a 30-digit id overflows SQLite's
  integers (OverflowError); a parent page that does not exist, in the copy view,
  escapes as DoesNotExist (answered 404).
"""

import logging
import re
import traceback

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import ProtectedError
from django.http import Http404, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.clean_input import is_site_path

ADMIN_API_FIND = re.compile(r"^/admin/api/main/\w+/find/$")
REDIRECT_IMPORT_PROCESS = "/admin/redirects/import/process/"
REDIRECT_IMPORT_FIELDS = ("import_file_name", "input_format")
ADMIN_PREFIX = "/admin/"
MAX_QUERY_VALUE_LENGTH = 2_000
FORMSET_COUNTS = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")
logger = logging.getLogger(__name__)


# Where Wagtail reads a form's hidden inputs without checking them: (file, function).
HIDDEN_INPUT_READERS = {
    ("wagtail/admin/widgets/chooser.py", "get_instance"),
    ("wagtail/admin/widgets/chooser.py", "get_value_data"),
    ("wagtail/blocks/stream_block.py", "value_from_datadict"),
    ("wagtail/blocks/list_block.py", "value_from_datadict"),
}


class WagtailInputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if ADMIN_API_FIND.match(path) and "id" in request.GET and not request.GET["id"].isdigit():
            return HttpResponseBadRequest(_("An id is a whole number."))
        if (
            path == REDIRECT_IMPORT_PROCESS
            and request.method == "POST"
            and not all(request.POST.get(field) for field in REDIRECT_IMPORT_FIELDS)
        ):
            return HttpResponseBadRequest(_("Upload the file to import again: this form lost it."))
        if path.startswith(ADMIN_PREFIX):
            if request.method == "POST" and _broken_row_counts(request.POST):
                return HttpResponseBadRequest(_tampered_message())
            if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_VALUE_LENGTH and _too_long(request.GET):
                return HttpResponseBadRequest(
                    _("This address is too long. Shorten what you searched for and try again.")
                )
            request.GET = _without_unsafe_next(request, request.GET)
            if request.method == "POST":
                request.POST = _without_unsafe_next(request, request.POST)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not request.path_info.startswith(ADMIN_PREFIX):
            return None
        if isinstance(exception, ProtectedError):
            users = sorted({str(row) for row in exception.protected_objects})
            shown = "、".join(users[:5]) + ("…" if len(users) > 5 else "")
            messages.error(
                request, _("This cannot be deleted while these still use it: %(users)s.") % {"users": shown}
            )
            back = request.META.get("HTTP_REFERER", "")
            # A browser's Referer is a whole URL; any on this host will do.
            safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
            return redirect(back if back and safe else ADMIN_PREFIX)
        if isinstance(exception, ObjectDoesNotExist):
            raise Http404 from exception
        # Raised this far, these can only come from what the request carried.
        from_input = isinstance(exception, ValidationError | OverflowError) or (
            request.method == "POST"
            and isinstance(exception, ValueError | KeyError)
            and _raised_reading_hidden_inputs(exception)
        )
        if from_input:
            logger.warning("Refused admin input: %s %r", request.path, exception)
            return HttpResponseBadRequest(_tampered_message())
        return None


def _tampered_message():
    return _("This form came back with fields it did not send. Reload the page and make your changes again.")


def _broken_row_counts(post):
    """A formset's row counts, which Django reads as any integer, negative included."""
    return any(
        key.endswith(FORMSET_COUNTS) and not value.isdigit() for key, values in post.lists() for value in values
    )


def _raised_reading_hidden_inputs(exception):
    for frame, _line in traceback.walk_tb(exception.__traceback__):
        filename = frame.f_code.co_filename
        if any(filename.endswith(path) and frame.f_code.co_name == name for path, name in HIDDEN_INPUT_READERS):
            return True
    return False


def _too_long(query_dict):
    return any(len(value) > MAX_QUERY_VALUE_LENGTH for _key, values in query_dict.lists() for value in values)


def _without_unsafe_next(request, query_dict):
    target = query_dict.get("next")
    if target is None or is_site_path(request, target):
        return query_dict
    cleaned = QueryDict(mutable=True, encoding=query_dict.encoding)
    for key, values in query_dict.lists():
        if key != "next":
            cleaned.setlist(key, values)
    cleaned._mutable = False
    return cleaned
