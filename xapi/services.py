"""Recording learning events into the outbox, and sending the outbox to the LRS.

Apps call `record` inside the transaction that makes the event true (a course
completed, a certificate issued), so the statement exists exactly when the event does:
a rolled-back event leaves no statement, a committed one is never lost. A background
task sends what is waiting, oldest first, in batches; when the LRS is down it backs off
and tries again, for as long as it takes."""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from django_tasks import default_task_backend, task
from wagtail import hooks

from xapi import statements
from xapi.lrs import LRSRefused, LRSUnavailable, post_statements
from xapi.models import OutboxStatement

logger = logging.getLogger(__name__)

# Apps register functions (now) that record events nobody's request makes happen, such
# as a certificate reaching its expiry date; the periodic command runs them.
CLOCK_EVENTS_HOOK = "register_learning_record_clock_events"
BATCH_SIZE = 50
LONGEST_WAIT_SECONDS = 3600


def enabled():
    return bool(settings.XAPI_LRS_ENDPOINT)


def when_recording(function):
    """For the apps' functions that describe an event: skipped, with whatever queries
    describing it would cost, while no LRS is configured."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if enabled():
            return function(*args, **kwargs)
        return None

    return wrapper


def record(*, actor, verb, obj, key=None, timestamp=None, result=None, parents=(), instructor=None, extensions=None):
    """Put one statement in the outbox. `key` names an event that happens once (it
    becomes the statement's id): recording it again changes nothing. Does nothing while
    no LRS is configured."""
    if not enabled() or actor is None:
        return None
    statement = statements.build(
        actor=actor,
        verb=verb,
        obj=obj,
        key=key,
        timestamp=timestamp or timezone.now(),
        result=result,
        parents=parents,
        instructor=instructor,
        extensions=extensions,
    )
    OutboxStatement.objects.bulk_create(
        [OutboxStatement(id=statement["id"], statement=statement, verb=verb.key)], ignore_conflicts=True
    )
    _send_after_commit()
    return statement


class _SendAfterCommit:
    """Queues the sending once the transaction commits, and remembers that it did."""

    ran = False

    def __call__(self):
        self.ran = True
        send_learning_records.enqueue()


def _send_after_commit():
    # One send per transaction, however many statements it recorded: the one already
    # waiting for this transaction's commit will send them all. (Gone from the list
    # when its savepoint rolled back; run once the transaction committed.)
    connection = transaction.get_connection()
    pending = getattr(connection, "xapi_send_after_commit", None)
    if pending is not None and not pending.ran and any(entry[1] is pending for entry in connection.run_on_commit):
        return
    connection.xapi_send_after_commit = _SendAfterCommit()
    transaction.on_commit(connection.xapi_send_after_commit)


def retry_delay(attempts):
    return timedelta(seconds=min(settings.XAPI_RETRY_SECONDS * 2 ** (attempts - 1), LONGEST_WAIT_SECONDS))


def _due(now):
    return OutboxStatement.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now), state=OutboxStatement.State.WAITING
    )


def send_due(*, now=None):
    """Send every statement that is due, in batches. Returns (sent, rejected, waiting):
    waiting counts the statements left for a later try because the LRS was unavailable."""
    now = now or timezone.now()
    sent = rejected = 0
    while True:
        with transaction.atomic():
            # Two workers never send the same rows: each skips what the other holds.
            batch = list(_due(now).select_for_update(skip_locked=True).order_by("created_at")[:BATCH_SIZE])
            if not batch:
                break
            try:
                outcome = _send(batch, now)
            except LRSUnavailable as error:
                _wait(batch, now, str(error))
                logger.warning("LRS unavailable, %s statements wait: %s", len(batch), error)
                break
            sent += outcome[0]
            rejected += outcome[1]
    waiting = OutboxStatement.objects.filter(state=OutboxStatement.State.WAITING).count()
    if waiting:
        _schedule_retry()
    return sent, rejected, waiting


def _send(batch, now):
    try:
        post_statements([row.statement for row in batch])
    except LRSRefused as error:
        if len(batch) == 1:
            _reject(batch[0], now, str(error))
            return 0, 1
        # One bad statement refuses the whole batch: find it by sending them one by one.
        sent = rejected = 0
        for row in batch:
            one_sent, one_rejected = _send([row], now)
            sent += one_sent
            rejected += one_rejected
        return sent, rejected
    OutboxStatement.objects.filter(pk__in=[row.pk for row in batch]).update(
        state=OutboxStatement.State.SENT, sent_at=now, last_error="", next_attempt_at=None
    )
    return len(batch), 0


def _reject(row, now, error):
    logger.error("The LRS refused statement %s: %s", row.pk, error)
    row.state = OutboxStatement.State.REJECTED
    row.attempts += 1
    row.last_error = error
    row.next_attempt_at = None
    row.save(update_fields=["state", "attempts", "last_error", "next_attempt_at"])


def _wait(batch, now, error):
    for row in batch:
        row.attempts += 1
        row.next_attempt_at = now + retry_delay(row.attempts)
        row.last_error = error
    OutboxStatement.objects.bulk_update(batch, ["attempts", "next_attempt_at", "last_error"])


def _schedule_retry():
    # The database queue can hold a task until a time; the in-process backend of a
    # demo cannot, and the cron command (send_learning_records) catches up there.
    if not default_task_backend.supports_defer:
        return
    earliest = OutboxStatement.objects.filter(state=OutboxStatement.State.WAITING).aggregate(
        next=Min("next_attempt_at")
    )["next"]
    if earliest is None:
        return
    # One retry queued per back-off, not one per event that arrived while the LRS was
    # down (cache.add is atomic, and the cache is shared by every app server).
    wait = max((earliest - timezone.now()).total_seconds(), 1)
    if cache.add("xapi:retry-queued", True, timeout=wait):
        send_learning_records.using(run_after=earliest).enqueue()


def forget_sent(*, now=None):
    """Sent statements older than XAPI_KEEP_SENT_DAYS leave the outbox; their count."""
    before = (now or timezone.now()) - timedelta(days=settings.XAPI_KEEP_SENT_DAYS)
    deleted, _by_model = OutboxStatement.objects.filter(state=OutboxStatement.State.SENT, sent_at__lt=before).delete()
    return deleted


def record_clock_events(*, now=None):
    now = now or timezone.now()
    for function in hooks.get_hooks(CLOCK_EVENTS_HOOK):
        function(now)


@task()
def send_learning_records():
    sent, rejected, waiting = send_due()
    return {"sent": sent, "rejected": rejected, "waiting": waiting}


@transaction.atomic
def retry_rejected():
    """The refused statements, waiting again; their count."""
    count = OutboxStatement.objects.filter(state=OutboxStatement.State.REJECTED).update(
        state=OutboxStatement.State.WAITING, next_attempt_at=None
    )
    if count:
        _send_after_commit()
    return count
