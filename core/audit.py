"""Recording who did what in Wagtail's audit log (admin: Reports → Site history), for
the actions that decide people's grades, certificates, roles and data.

Every app registers its own action names with the `register_log_actions` hook; this
is the one way they write entries."""

from django.utils.functional import empty
from wagtail.log_actions import log


def _real(obj):
    # request.user is a lazy wrapper (django-otp wraps it once more); Wagtail finds the
    # log model by the instance's type and silently skips what it does not recognise.
    while hasattr(obj, "_wrapped"):
        if obj._wrapped is empty:
            obj._setup()
        obj = obj._wrapped
    return obj


def record(instance, action, *, actor=None, data=None):
    return log(instance=_real(instance), action=action, user=_real(actor) if actor else None, data=data or {})


def record_export(request, *, what, export_format):
    """Data leaving the platform as a file: who took what, when, in which format."""
    return record(request.user, "core.export", actor=request.user, data={"what": str(what), "format": export_format})
