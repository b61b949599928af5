"""Two-step sign-in (django-otp): after the password, a code from an authenticator app,
or one of ten single-use backup codes for the day the phone is lost.

Offered to everyone who works in the admin; required of superusers where
TWO_FACTOR_REQUIRED_FOR_ADMINS is on (production, by default).
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import record

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"


def may_use(user):
    """Staff: the people whose accounts reach the admin, where a stolen password costs most."""
    return user.is_authenticated and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def is_required(user):
    return settings.TWO_FACTOR_REQUIRED_FOR_ADMINS and user.is_superuser


def is_on(user):
    return user_has_device(user)


def pending_app_device(user):
    """The not-yet-confirmed authenticator a setup page shows; the same one on a reload,
    so a code from a phone that already scanned it still works."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def secret_for_typing(device):
    """The key as authenticator apps take it when typed, in groups of four."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[start : start + 4] for start in range(0, len(raw), 4))


def qr_code_svg(device):
    code = segno.make(device.config_url, error="m")
    return code.svg_inline(scale=5, border=2, omitsize=True, title=_("Authenticator setup code"))


@transaction.atomic
def confirm_app(*, user, device, token):
    """Turn two-step sign-in on once the app shows a matching code; return the backup
    codes, shown once. None when the code does not match."""
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = _new_backup_codes(user)
    record(user, "accounts.two_factor_on", actor=user)
    return codes


def _new_backup_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


@transaction.atomic
def turn_off(*, actor, user):
    """By the person (after proving a code) or by an administrator for someone who lost
    their phone. A superuser who must use it can only have it reset, never left off."""
    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDenied
    if actor.pk == user.pk and is_required(user):
        raise PermissionDenied(_("Administrators must keep two-step sign-in on."))
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
    action = "accounts.two_factor_off" if actor.pk == user.pk else "accounts.two_factor_reset"
    record(user, action, actor=actor)
