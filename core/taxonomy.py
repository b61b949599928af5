"""The shared vocabulary every content type tags itself with."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SalesStage(models.TextChoices):
    """The deck's three stages of an enterprise sale."""

    PRE_SALE = "pre_sale", _("Pre-sale")
    IN_SALE = "in_sale", _("In-sale")
    AFTER_SALE = "after_sale", _("After-sale")
