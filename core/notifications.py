"""Telling people that something happened to their work: a notice in the site (the
account menu shows how many are unread) and an email through Django's mail backend."""

import logging

from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from core.models import Notification

logger = logging.getLogger(__name__)
NOTIFICATIONS_SHOWN = 50
# The account menu counts the unread on every signed-in page; the count is kept and
# dropped whenever it changes here. This bounds the one case that is missed: a page
# counting just as a notice is committed, which keeps the old count until then.
UNREAD_COUNT_SECONDS = 60


def notify(*, recipient, message, url="", email_subject="", email_body=""):
    """Record a notice for `recipient` and, once the surrounding transaction commits,
    email it when they have an address. A mail server that is down loses the email,
    never the change that caused it."""
    notification = Notification.objects.create(recipient=recipient, message=message[:300], url=url[:300])
    _forget_unread_count(recipient.pk)
    if recipient.email and email_subject:
        transaction.on_commit(lambda: _send(recipient.email, email_subject, email_body or message))
    return notification


def _send(address, subject, body):
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # any mail failure is logged and never reaches the user
        logger.exception("Could not email a notification to %s", address)


def unread_count(user):
    if not user.is_authenticated:
        return 0
    key = _unread_count_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_COUNT_SECONDS)
    return count


def recent_notifications(user):
    return list(Notification.objects.filter(recipient=user)[:NOTIFICATIONS_SHOWN])


def mark_all_read(*, user):
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    _forget_unread_count(user.pk)
    return marked


def _unread_count_key(user_id):
    return f"notifications:unread:{user_id}"


def _forget_unread_count(user_id):
    key = _unread_count_key(user_id)
    cache.delete(key)
    # Another request may count before this commits and keep the old number.
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: cache.delete(key))
