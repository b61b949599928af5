"""Markup drawn once per process and kept, keyed by every value it is drawn from.

Django draws a table row or a comment through its template engine at a tenth of a
millisecond or more; a page of forty comments or twenty attempts spends milliseconds
on markup that reads the same until one of its values changes. A kept drawing is
keyed by those values (plain, hashable ones: text, numbers, dates, flags), the
language and the time zone, so nothing has to be told to forget it: a changed value
is a new key. A drawing that holds a form is kept with a stand-in for the form token,
which each visit replaces with its own (`draw_kept_with_form`). Under DEBUG every
drawing is fresh, so template edits show at once."""

from functools import lru_cache

from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# A few hundred bytes to 2 KB each: a few megabytes per process.
KEPT_DRAWINGS = 4096


def draw_kept(template_name, *, read=None, **values):
    """`read`: for what is not a plain value (a whole table), a module-level function
    returning more values, called only to draw; `values` must then hold what it depends
    on (a generation that moves on when it changes)."""
    if settings.DEBUG:
        return draw_fresh(template_name, _all_values(values, read))
    key = tuple(sorted(values.items()))
    return _kept(template_name, key, read, get_language(), timezone.get_current_timezone_name())


# Drawn into a kept drawing in place of the form token, which each visit puts in.
FORM_TOKEN_STAND_IN = "\ue000csrf\ue000"


def draw_kept_with_form(template_name, csrf_token, **values):
    """A kept drawing holding a form: drawn once with a stand-in for the form token,
    which is replaced on each visit with that visitor's own."""
    if settings.DEBUG:
        return draw_fresh(template_name, {**values, "csrf_token": csrf_token})
    kept = draw_kept(template_name, csrf_token=FORM_TOKEN_STAND_IN, **values)
    return mark_safe(kept.replace(FORM_TOKEN_STAND_IN, str(csrf_token)))


def draw_fresh(template_name, values):
    return mark_safe(get_template(template_name).render(values))


@lru_cache(maxsize=KEPT_DRAWINGS)
def _kept(template_name, values, read, _language, _time_zone):
    return draw_fresh(template_name, _all_values(dict(values), read))


def _all_values(values, read):
    return {**values, **read()} if read else values
