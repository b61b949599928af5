"""Snippet choosers that answer only those who may read the list they belong to.

Wagtail's snippet chooser (/admin/snippets/choose/<app>/<model>/…) lists, searches and
returns rows of its model to anyone who may enter the admin: directors and assessors
could read every certificate with its holder, every draft experience, hidden comments,
people's job grades and the whole question bank before an exam. A snippet viewset that
holds such rows derives from PrivateRowsSnippetViewSet: its chooser then asks for the
permissions its list asks for and shows only the rows its list shows.
"""

from functools import cached_property

from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

# A snippet list opens for anyone holding one of these on its model.
LIST_PERMISSIONS = ("add", "change", "delete", "view")


class ListRowsOnlyMixin:
    # `rows(request)`: the queryset of rows the list shows; set by the viewset.
    rows = None

    def dispatch(self, request, *args, **kwargs):
        if not ModelPermissionPolicy(self.model_class).user_has_any_permission(request.user, LIST_PERMISSIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def listed_rows(self):
        return self.rows(self.request)


class GuardedChooseView(ListRowsOnlyMixin, ChooseView):
    def get_object_list(self):
        return self.listed_rows()


class GuardedChooseResultsView(ListRowsOnlyMixin, ChooseResultsView):
    def get_object_list(self):
        return self.listed_rows()


class GuardedChosenView(ListRowsOnlyMixin, SnippetChosenView):
    def get_object(self, pk):
        try:
            return self.listed_rows().get(pk=pk)
        except (ValueError, ValidationError) as error:
            raise self.model_class.DoesNotExist from error  # the view answers 404


class GuardedChosenMultipleView(ListRowsOnlyMixin, SnippetChosenMultipleView):
    def get_objects(self, pks):
        return self.listed_rows().filter(pk__in=pks)


class GuardedSnippetChooserViewSet(SnippetChooserViewSet):
    choose_view_class = GuardedChooseView
    choose_results_view_class = GuardedChooseResultsView
    chosen_view_class = GuardedChosenView
    chosen_multiple_view_class = GuardedChosenMultipleView
    rows = None

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(rows=self.rows, **kwargs)


class NoAddingPermissionPolicy(ModelPermissionPolicy):
    """Rows that people write on the site (experiences, comments) or that the rules
    issue (certificates): the admin finds and tends them but never creates one, which
    would leave it without its author or holder. Register it with
    `wagtail.permissions.register_permission_policy` for such a model."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [action for action in actions if action != "add"])


class PrivateRowsSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose chooser is held to its list's permissions and rows."""

    chooser_viewset_class = GuardedSnippetChooserViewSet

    def chooser_rows(self, request):
        rows = self.get_queryset(request)
        return rows if rows is not None else self.model._default_manager.all()

    @cached_property
    def chooser_viewset(self):
        viewset = super().chooser_viewset
        viewset.rows = self.chooser_rows
        return viewset
