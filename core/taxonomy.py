"""The shared vocabulary every content type tags itself with. Fixed lists live here as
choices; lists editors extend (industries, products) are models in core/models.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SalesStage(models.TextChoices):
    """The deck's three stages of an enterprise sale."""

    PRE_SALE = "pre_sale", _("Pre-sale")
    IN_SALE = "in_sale", _("In-sale")
    AFTER_SALE = "after_sale", _("After-sale")


class BuyingRole(models.TextChoices):
    """Who the customer contact is in the buying decision (the deck's question: who
    decides, who influences, who uses?)."""

    # A context keeps these from replacing Wagtail's translations of "User" or "Contact".
    CONTACT = "contact", pgettext_lazy("buying role", "Contact")
    INFLUENCER = "influencer", pgettext_lazy("buying role", "Influencer")
    DECISION_MAKER = "decision_maker", pgettext_lazy("buying role", "Decision maker")
    USER = "user", pgettext_lazy("buying role", "User")


class Outcome(models.TextChoices):
    """How a deal or an account turned out, for lessons and cases alike."""

    WON = "won", _("Won or kept the customer")
    LOST = "lost", _("Lost")
    STALLED = "stalled", _("Stalled")
    ONGOING = "ongoing", _("Still in progress")
