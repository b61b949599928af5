"""Page-tree queries that an index answers on every database."""

from wagtail.models import PageViewRestriction

from core.related import kept_until_published


def children_of(queryset, parent):
    """`queryset.child_of(parent)` as a range of tree paths.

    Wagtail's child_of is a LIKE on the path prefix, which SQLite cannot answer from the
    path index, so it reads every page on the site: 20 ms a query at 140,000 pages.
    Tree paths use 0-9 and A-Z, so the children sort between the parent's path and that
    path followed by Zs. That range also holds every deeper descendant; the index on
    (depth, path) (core migration 0006) narrows it to the children alone.
    """
    return queryset.filter(depth=parent.depth + 1, path__gt=parent.path, path__lte=parent.path + "Z" * parent.steplen)


def public_pages(queryset, *, restricted=None):
    """`queryset.public()`, without its cost on a site that restricts nothing.

    Wagtail's public() first reads every view restriction joined with its page. With
    the restrictions table empty and analysed, SQLite answers that join by reading the
    whole page table (20 ms at 140,000 pages); most sites here restrict no page at all.
    `restricted` is `restricts_any_page()` when the caller has asked it already.
    """
    if not (restricts_any_page() if restricted is None else restricted):
        return queryset
    return queryset.public()


def restricts_any_page():
    """Whether any page is behind a login, a password or a group: kept under the content
    generation, which adding or removing a restriction moves on."""
    return kept_until_published("core:restricts-any-page", PageViewRestriction.objects.exists)


class RestrictedOnlyWhereRestrictionsExist:
    """For page models, before Page: Wagtail asks every page it serves for the view
    restrictions on it and its ancestors, two queries, on a site that most often
    restricts no page at all. Then there is nothing to read."""

    def get_view_restrictions(self):
        if not restricts_any_page():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
