"""The site's main menu: section pages that editors flag "show in menus", plus
sections that are views rather than pages (for example "my learning"), which an app
adds by registering a `register_main_menu_item` Wagtail hook that returns a
`MenuItem`. core never imports the apps that register items."""

from dataclasses import dataclass

from wagtail import hooks
from wagtail.models import Site

MENU_HOOK = "register_main_menu_item"


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    order: int = 1000
    # A signed-out visitor would only be sent to the login page.
    requires_login: bool = False


def section_pages(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    return list(site.root_page.get_children().live().in_menu().only("id", "title", "url_path", "depth", "path"))


def main_menu_items(request):
    items = [
        MenuItem(label=page.title, url=page.get_url(request), order=index)
        for index, page in enumerate(section_pages(request))
    ]
    for hook in hooks.get_hooks(MENU_HOOK):
        item = hook(request)
        if item is None:
            continue
        if item.requires_login and not request.user.is_authenticated:
            continue
        items.append(item)
    return sorted(items, key=lambda item: item.order)
