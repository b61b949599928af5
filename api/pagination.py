"""Limit and offset, with the largest limit stated in the OpenAPI description.

Wagtail's paginator answers 400 to a limit above WAGTAILAPI_LIMIT_MAX, a rule the
description it generates does not state (schemathesis found it): here the maximum is
part of the parameter, so a client sees it and a larger one is a described 422."""

from django.conf import settings
from ninja import Field
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination

MAX_LIMIT = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or 100


class DescribedLimitOffsetPagination(WagtailLimitOffsetPagination):
    class Input(WagtailLimitOffsetPagination.Input):
        limit: int = Field(default=20, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}")
        # Bounded as ids are: beyond a database integer, SQLite cannot bind it.
        offset: int = Field(default=0, ge=0, le=2**31 - 1)
