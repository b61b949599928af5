"""What each API token may read. Wagtail's APIToken (hashed, revocable, with its last
use) says who is asking; the scopes say which parts of the API it opens."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    PAGES = "pages:read", _("Published pages (courses, lessons, cases, quizzes)")
    COMPLETIONS = "completions:read", _("Course completions")
    CERTIFICATES = "certificates:read", _("Certificates")


class TokenScopes(models.Model):
    """The scopes of one API token. A token without a row here opens nothing."""

    token = models.OneToOneField(
        "wagtailcore.APIToken",
        verbose_name=_("API token"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="academy_scopes",
    )
    scopes = models.JSONField(_("scopes"), default=list)

    class Meta:
        verbose_name = _("API token scopes")
        verbose_name_plural = _("API token scopes")
        permissions = [
            ("read_everyone", "Can read everyone's completions and certificates through the API"),
        ]

    def __str__(self):
        return ", ".join(self.scopes)

    @classmethod
    def granted_to(cls, token):
        """The scopes `token` holds: none without a row."""
        return cls.objects.filter(token=token).values_list("scopes", flat=True).first() or []
