from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.models import Industry, Product


class IndustryViewSet(SnippetViewSet):
    model = Industry
    icon = "site"
    list_display = ["name", "sort_order"]
    ordering = ["sort_order", "name"]


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "tag"
    list_display = ["name", "sort_order"]
    ordering = ["sort_order", "name"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    """Lists editors extend; sales stages and buying roles are fixed by the deck."""

    items = (IndustryViewSet, ProductViewSet)
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 260


register_snippet(TaxonomyViewSetGroup)
