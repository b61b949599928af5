"""Admin views for what core owns: the taxonomy lists editors keep, and comment
moderation."""

import django_filters
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_views import ModerateCommentView
from core.choosers import PrivateRowsSnippetViewSet
from core.models import Comment, Industry, Product, SearchTerm, SynonymGroup


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


class SearchTermViewSet(SnippetViewSet):
    model = SearchTerm
    icon = "form"
    list_display = ["term", "note", "created_at"]
    search_fields = ["term", "note"]
    add_to_admin_menu = False


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "list-ul"
    list_display = [Column("terms", label=_("words")), "note"]
    search_fields = ["terms", "note"]
    add_to_admin_menu = False


class SearchViewSetGroup(SnippetViewSetGroup):
    """The words search knows beyond its built-in dictionary. Saving either list
    re-indexes, in the background, the pages it changes."""

    items = (SearchTermViewSet, SynonymGroupViewSet)
    menu_label = pgettext_lazy("admin menu", "Search words")
    menu_icon = "search"
    menu_order = 270


class CommentStatus:
    REPORTED, SHOWN, HIDDEN, DELETED = "reported", "shown", "hidden", "deleted"
    CHOICES = [
        (REPORTED, _("Reported, awaiting a decision")),
        (SHOWN, _("Shown")),
        (HIDDEN, _("Hidden by a moderator")),
        (DELETED, _("Deleted by its author")),
    ]
    FILTERS = {
        REPORTED: Q(open_reports__gt=0),
        SHOWN: Q(hidden_at__isnull=True, deleted_at__isnull=True),
        HIDDEN: Q(hidden_at__isnull=False),
        DELETED: Q(deleted_at__isnull=False),
    }


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CommentStatus.CHOICES, empty_label=_("All"), method="filter_status"
    )

    class Meta:
        model = Comment
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.filter(CommentStatus.FILTERS[value])


def comment_status(comment):
    if comment.hidden_at:
        return _("Hidden")
    if comment.deleted_at:
        return _("Deleted by its author")
    return _("Shown")


class CommentViewSet(PrivateRowsSnippetViewSet):
    """Readers' comments on lessons and cases. Reported ones come first; the row's text
    opens the moderation screen. Nobody edits another person's words here."""

    model = Comment
    icon = "comment"
    menu_label = pgettext_lazy("admin menu", "Comments")
    menu_order = 255
    add_to_admin_menu = True
    url_prefix = "core/comments"
    filterset_class = CommentFilterSet
    search_fields = ["body"]
    ordering = ["-open_reports", "-created_at", "-pk"]
    list_per_page = 30

    @property
    def list_display(self):
        return [
            TitleColumn(
                "body",
                label=_("Comment"),
                get_url=lambda comment: reverse(self.get_url_name("moderate"), args=[comment.pk]),
                accessor=lambda comment: comment.body[:80],
            ),
            Column("page", label=_("On"), accessor=lambda comment: comment.page.title),
            Column("author", label=_("Author"), accessor=lambda comment: comment.author.get_display_name()),
            Column("status", label=_("Status"), accessor=comment_status),
            Column("open_reports", label=_("Open reports")),
            Column("created_at", label=_("Posted")),
        ]

    def get_queryset(self, request):
        return Comment.objects.select_related("page", "author").annotate(
            open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True))
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "moderate/<int:pk>/",
                ModerateCommentView.as_view(
                    index_url_name=self.get_url_name("list"), breadcrumbs_items=self.breadcrumbs_items
                ),
                name="moderate",
            )
        ]
