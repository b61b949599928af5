"""The shared vocabulary every content type tags itself with. Fixed lists live here as
choices; lists editors extend (industries, products) are models in core/models.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.generations import Generation


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


# --- the lists editors keep -------------------------------------------------------------

# Every library's filters name the industries on every visit; editors add one a year.
taxonomy_generation = Generation("taxonomy-generation")
# A backstop for changes made around the ORM; edits in the admin move the generation on.
TAXONOMY_SECONDS = 60 * 60


def industry_choices():
    """[(id as text, name)] of the industries, in the editors' order."""
    return taxonomy_generation.keep("core:industry-choices:v1", _read_industry_choices, seconds=TAXONOMY_SECONDS)


def _read_industry_choices():
    from core.models import Industry

    return [(str(pk), name) for pk, name in Industry.objects.values_list("pk", "name")]


def follow_taxonomy_changes():
    from core.models import Industry, Product

    taxonomy_generation.follow(Industry, Product)
