"""The outbox of learning records bound for the company's learning record store."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxStatement(models.Model):
    """One xAPI statement, written in the same transaction as what it records and sent
    to the LRS afterwards by a background task. Its id is the statement's id, so
    sending it again (a retry after a lost answer) is recognised by the LRS as the same
    statement instead of stored twice."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        REJECTED = "rejected", _("Rejected by the LRS")

    id = models.UUIDField(primary_key=True, editable=False)
    statement = models.JSONField(_("statement"))
    verb = models.CharField(_("verb"), max_length=40)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.WAITING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("learning record")
        verbose_name_plural = _("learning records")
        ordering = ["created_at"]
        indexes = [
            # The sender's only question: what is waiting and due, oldest first.
            models.Index(
                fields=["next_attempt_at", "created_at"],
                condition=models.Q(state="waiting"),
                name="xapi_outbox_waiting",
            ),
        ]

    def __str__(self):
        return f"{self.verb} {self.id}"
