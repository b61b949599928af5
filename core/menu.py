"""The site's main menu: section pages that editors flag "show in menus", plus
sections that are views rather than pages (for example "my learning"), which an app
adds by registering a `register_main_menu_item` Wagtail hook that returns a
`MenuItem`. core never imports the apps that register items.

Items that belong to the person ("mine": learning, growth, certificates…) or to
leading a team ("team") are grouped under one menu entry each, so a director's bar
holds a handful of entries instead of nine."""

from dataclasses import dataclass, field
from functools import lru_cache

from django.core.cache import cache
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page, Site

from core.related import related_generation
from core.translation import english_wanted
from core.tree import children_of

MENU_HOOK = "register_main_menu_item"
# A generation that moved on leaves its old entry to expire by itself.
MENU_CACHE_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    order: int = 1000
    # A signed-out visitor would only be sent to the login page.
    requires_login: bool = False
    # "" for the bar itself, or a key of MENU_GROUPS.
    group: str = ""


MENU_GROUPS = {"mine": _("Mine"), "team": _("Team")}


def menu_url(name):
    """The address of a view an app puts in the menu. Every page asks each hook for its
    item, and reversing a name takes 15 µs a time; the answer depends only on the name
    and the prefix the site is served under."""
    return _reversed(name, get_script_prefix())


@lru_cache(maxsize=64)
def _reversed(name, _script_prefix):
    return reverse(name)


@dataclass
class MenuGroup:
    key: str
    label: str
    order: int
    items: list = field(default_factory=list)


def _sections(request):
    """(page id, title in the page's language, url) of the home page's children shown in
    menus, in tree order.

    Every page renders this menu, and finding a page's children is a path-prefix scan
    of the whole page table, which grows with the content. So the sections are cached
    per site, under the content generation that any publish, unpublish, move or delete
    moves on (core.related): a change shows in the menu at once, on every app server.
    """
    site = Site.find_for_request(request)
    if site is None:
        return []
    key = f"main-menu-sections:{site.pk}:{related_generation()}"
    sections = cache.get(key)
    if sections is None:
        pages = children_of(Page.objects.live().in_menu(), site.root_page).order_by("path").specific()
        sections = [(page.pk, page.title, getattr(page, "english_title", ""), page.get_url(request)) for page in pages]
        cache.set(key, sections, MENU_CACHE_SECONDS)
    english = english_wanted()
    return [(pk, (english and english_title) or title, url) for pk, title, english_title, url in sections]


def section_titles(request):
    """{page id: title in the page's language} of the section pages, for breadcrumbs."""
    return {pk: title for pk, title, _url in _sections(request)}


def main_menu_items(request):
    items = [MenuItem(label=title, url=url, order=index) for index, (_pk, title, url) in enumerate(_sections(request))]
    for hook in hooks.get_hooks(MENU_HOOK):
        item = hook(request)
        if item is None:
            continue
        if item.requires_login and not request.user.is_authenticated:
            continue
        items.append(item)
    return sorted(items, key=lambda item: item.order)


def main_menu_entries(items):
    """The bar's entries in order: MenuItems on their own, and a MenuGroup standing
    where the first of its items would."""
    entries, groups = [], {}
    for item in items:
        if not item.group:
            entries.append(item)
            continue
        group = groups.get(item.group)
        if group is None:
            group = groups[item.group] = MenuGroup(item.group, MENU_GROUPS.get(item.group, item.group), item.order)
            entries.append(group)
        group.items.append(item)
    return entries
