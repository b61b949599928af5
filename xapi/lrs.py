"""Talking to the learning record store: one POST of a batch of statements."""

import requests
from django.conf import settings

from xapi.statements import VERSION


class LRSUnavailable(Exception):
    """The LRS could not take the statements now (down, overloaded, or refusing our
    credentials): the same statements are worth sending again later."""


class LRSRefused(Exception):
    """The LRS read the statements and said no (400, 409, 413): sending the same again
    will not help."""


REFUSED_STATUSES = {400, 409, 413, 422}


def post_statements(statements):
    url = settings.XAPI_LRS_ENDPOINT.rstrip("/") + "/statements"
    try:
        response = requests.post(
            url,
            json=statements,
            auth=(settings.XAPI_LRS_USERNAME, settings.XAPI_LRS_PASSWORD),
            headers={"X-Experience-API-Version": VERSION},
            timeout=settings.XAPI_LRS_TIMEOUT,
        )
    except requests.RequestException as error:
        raise LRSUnavailable(f"{type(error).__name__}: {error}") from error
    if response.status_code in REFUSED_STATUSES:
        raise LRSRefused(f"{response.status_code}: {response.text[:500]}")
    if response.status_code not in (200, 204):
        raise LRSUnavailable(f"{response.status_code}: {response.text[:500]}")
