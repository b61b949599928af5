"""People and how they are organised: users, the regions they work in, and teams.

A person's job grade belongs to the competency model (competencies/), not here:
accounts knows nothing of the feature apps.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel


class Region(models.Model):
    """A regional marketing center (区域营销中心) that account managers belong to."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    code = models.SlugField(_("code"), max_length=32, unique=True, help_text=_("A short identifier, e.g. east."))

    panels = [FieldPanel("name"), FieldPanel("code")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who signs in: an account manager, a director, an editor or an assessor.

    Roles are Django groups (see accounts/roles.py), never fields or usernames.
    """

    display_name = models.CharField(
        _("display name"), max_length=60, blank=True, help_text=_("How colleagues see you, e.g. 张伟.")
    )
    # Display names are the person's own choice, so anything that vouches for someone
    # (a certificate, a comment beside a renamed author) names them by this instead.
    legal_name = models.CharField(
        _("legal name"),
        max_length=60,
        blank=True,
        help_text=_("As on the person's ID and HR records. Certificates carry it; only administrators change it."),
    )
    employee_number = models.CharField(_("employee number"), max_length=32, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["employee_number"],
                condition=~Q(employee_number=""),
                name="unique_employee_number_when_set",
                violation_error_message=_("Another person already has this employee number."),
            )
        ]

    def __str__(self):
        return self.get_display_name()

    def get_full_name(self):
        # Wagtail's admin names people by get_full_name() (revisions, workflows, users).
        return self.display_name or super().get_full_name()

    # What naming a person needs (get_display_name): lists that show only names load
    # only these. Nothing kept in the cache holds a password hash.
    NAME_FIELDS = ("username", "display_name", "first_name", "last_name")

    def get_display_name(self):
        return self.get_full_name() or self.get_username()

    def get_short_name(self):
        return self.get_display_name()

    @property
    def official_name(self):
        """The name an administrator vouches for; the username until one is recorded."""
        return self.legal_name or self.get_username()

    @property
    def renamed(self):
        """True when the chosen display name is not the official one, so readers are shown both."""
        return self.get_display_name() != self.official_name


class Team(ClusterableModel):
    """A team that a director leads (团队学习): its members learn together and the
    director sees their progress. A director may lead several teams."""

    name = models.CharField(_("name"), max_length=80)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="teams")
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("director"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_teams",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("region"),
        FieldPanel("director"),
        InlinePanel("memberships", heading=_("Members"), label=_("Member")),
    ]

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unique_team_name_per_region")]

    def __str__(self):
        return self.name


class TeamMembership(models.Model):
    """One person's place in one team."""

    team = ParentalKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="team_memberships",
    )
    joined_on = models.DateField(_("joined on"), auto_now_add=True)

    panels = [FieldPanel("user")]

    class Meta:
        ordering = ["team", "user__display_name", "user__username"]
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="unique_team_member")]

    def __str__(self):
        return f"{self.user} · {self.team}"
