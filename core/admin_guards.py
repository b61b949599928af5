"""Input two of Wagtail's admin views answer with a 500 (found by the permission
matrix, tests/test_permission_matrix.py): refused here with a 400 before they see it.

- The admin API's `find` endpoints pass `?id=` to the database unchecked:
  `/admin/api/main/images/find/?id=abc` raises ValueError.
- The redirect import's second step reads its two signed hidden fields without
  checking they were sent: an empty POST raises KeyError.
"""

import re

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

ADMIN_API_FIND = re.compile(r"^/admin/api/main/\w+/find/$")
REDIRECT_IMPORT_PROCESS = "/admin/redirects/import/process/"
REDIRECT_IMPORT_FIELDS = ("import_file_name", "input_format")


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
        return self.get_response(request)
