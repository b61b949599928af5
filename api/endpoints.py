"""The read-only JSON API at /api/v1/, with its OpenAPI description at
/api/v1/openapi.json.

Pages come from Wagtail's own page API (v3): its list and detail views, without its
writing ones, answering as a signed-out visitor would be answered. Completions and
certificates are ours. Every endpoint needs a bearer token holding its scope."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Router
from ninja.errors import ValidationError
from ninja.pagination import paginate
from wagtail.api.v3.errors import register_exception_handlers
from wagtail.api.v3.routers import pages as wagtail_pages

from api import schemas, selectors
from api.auth import PublicPagesAuth, ScopedTokenAuth
from api.models import Scope
from api.pagination import DescribedLimitOffsetPagination

# Every error is a problem+json body (RFC 9457), Wagtail's error format.
PROBLEM = {
    "content": {
        "application/problem+json": {
            "schema": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {},
                },
                "required": ["title", "status"],
            }
        }
    }
}
ERRORS = {
    "responses": {
        "401": {"description": "No token, or one that is unknown, revoked or of a closed account", **PROBLEM},
        "403": {"description": "The token lacks this endpoint's scope", **PROBLEM},
        "422": {"description": "A parameter is not valid", **PROBLEM},
        # Answered by the app server (gunicorn) before the request reaches the site.
        "414": {"description": "The address is longer than the server accepts (about 4,000 characters)"},
    }
}
NOT_FOUND = {"responses": {**ERRORS["responses"], "404": {"description": "No such published page", **PROBLEM}}}
# Wagtail's page filters: 400 for a site filter matching several sites, 404 for a
# locale or site that does not exist.
PAGE_LIST_ERRORS = {
    "responses": {
        **ERRORS["responses"],
        "400": {"description": "A site filter matching several sites", **PROBLEM},
        "404": {"description": "No such locale or site", **PROBLEM},
    }
}

api = NinjaAPI(
    title="效能学院 API",
    version="1.0.0",
    description=(
        "Read-only. Authenticate with `Authorization: Bearer <token>`; an administrator creates tokens "
        "under Settings → API tokens and chooses what each may read (its scopes)."
    ),
    # Wagtail's page schemas link to a page's detail under this namespace.
    urls_namespace="wagtailapi_v3",
    openapi_url="/openapi.json",
    # No interactive documentation page: it would load a third-party UI; any OpenAPI
    # viewer reads openapi.json.
    docs_url=None,
)
register_exception_handlers(api)


@api.exception_handler(OverflowError)
def number_out_of_range(request, error):
    # Wagtail's page filters take any positive integer (`ancestor_of=10**20`), which
    # SQLite cannot bind: the client's number, not a server fault.
    return api.create_response(
        request,
        {
            "type": "about:blank",
            "title": "Unprocessable Content",
            "status": 422,
            "detail": _("A number is out of range."),
        },
        status=422,
    )


# Wagtail's read views, each registered here with our token rules, our paginator and
# Wagtail's url names (its schemas link to a page's detail by them).
list_pages = paginate(DescribedLimitOffsetPagination, pass_parameter="pagination_info")(
    wagtail_pages.list_pages.__wrapped__
)
PAGE_VIEWS = [
    ("/", list_pages, list[wagtail_pages.BasePageSchema], "list_pages", "List published pages", PAGE_LIST_ERRORS),
    ("/{page_id}/", wagtail_pages.get_page, wagtail_pages.PageDetailSchema, "detail_page", "One page", NOT_FOUND),
]
pages = Router(tags=["pages"])
for path, view, response, url_name, summary, errors in PAGE_VIEWS:
    pages.add_api_operation(
        path,
        ["GET"],
        view,
        response=response,
        auth=PublicPagesAuth(),
        url_name=url_name,
        summary=summary,
        openapi_extra=errors,
    )
api.add_router("/pages/", pages)


@api.get(
    "/completions/",
    response=list[schemas.Completion],
    auth=ScopedTokenAuth(Scope.COMPLETIONS),
    url_name="completions",
    operation_id="completions_list",
    summary="Course completions",
    description="Oldest first. The token's owner's own, their teams' if they lead any, everyone's with the "
    "permission to read everyone's records.",
    tags=["people"],
    openapi_extra=ERRORS,
)
@paginate(DescribedLimitOffsetPagination)
def list_completions(request: HttpRequest, filters: Query[schemas.CompletionFilters]):
    refuse_unknown_parameters(request, schemas.CompletionFilters)
    return selectors.completions(
        user=request.auth.user, since=filters.since, person=filters.person, course=filters.course
    )


@api.get(
    "/certificates/",
    response=list[schemas.CertificateOut],
    auth=ScopedTokenAuth(Scope.CERTIFICATES),
    url_name="certificates",
    operation_id="certificates_list",
    summary="Certificates",
    description="Oldest first, with their status now. Whose: as for completions.",
    tags=["people"],
    openapi_extra=ERRORS,
)
@paginate(DescribedLimitOffsetPagination)
def list_certificates(request: HttpRequest, filters: Query[schemas.CertificateFilters]):
    refuse_unknown_parameters(request, schemas.CertificateFilters)
    return selectors.certificates(
        user=request.auth.user, changed_since=filters.changed_since, person=filters.person, status=filters.status
    )


def refuse_unknown_parameters(request, filters):
    """A misspelt filter (`sinse=`) must not quietly return every record to a client
    that meant to ask for the new ones."""
    known = {*filters.model_fields, *DescribedLimitOffsetPagination.Input.model_fields}
    unknown = sorted(set(request.GET) - known)
    if unknown:
        raise ValidationError(
            [
                {
                    "type": "unknown_parameter",
                    "loc": ["query", name],
                    "msg": f"Unknown parameter; known: {sorted(known)}",
                }
                for name in unknown
            ]
        )
