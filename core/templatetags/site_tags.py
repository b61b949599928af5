from datetime import datetime
from functools import lru_cache

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaksbr, urlize
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar
from wagtail.models import Page, Site

from core.kept_drawing import draw_fresh, draw_kept, draw_kept_with_form
from core.menu import main_menu_entries, main_menu_items, section_titles
from core.page_permissions import EDITING, holds_page_permission_over
from core.related import kept_until_published

PAGE_PANEL_HOOK = "register_page_panel"

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    request = context["request"]
    items = tuple(main_menu_items(request))
    current = _current_item(items, request.path)
    if settings.DEBUG:
        return _menu_html(items, current, get_language())
    return _kept_menu_html(items, current, get_language())


def _menu_html(items, current, _language):
    return render_to_string(
        "core/main_menu.html", {"entries": main_menu_entries(items), "items": items, "current": current}
    )


# Every page draws the menu, and it reads the same for everyone who has the same items
# (their roles decide which) in the same section and language: a few dozen menus, drawn
# once each per process. Published sections change the items, so a new menu is drawn.
_kept_menu_html = lru_cache(maxsize=512)(_menu_html)


def _current_item(items, path):
    # The longest matching prefix wins, so /courses/x/ marks "courses" and not "/".
    matches = [item for item in items if item.url and item.url != "/" and path.startswith(item.url)]
    return max(matches, key=lambda item: len(item.url), default=None)


@register.simple_tag
def listing_filters(listing, *, form_label, submit_label, clear_url):
    """A library's facets and sort, folded on a phone. The form takes a millisecond to
    draw and reads the same for everyone who has made the same choices in the same
    language, so it is a kept drawing; the results beside it are drawn every time."""
    return draw_kept(
        "includes/listing_filters.html",
        facets=tuple(facet.shown() for facet in listing.facets),
        sorts=tuple((value, str(label)) for value, label in listing.sorts),
        sort=listing.sort,
        filtered=len(listing.active_filters),
        form_label=str(form_label),
        submit_label=str(submit_label),
        clear_url=clear_url,
    )


@register.inclusion_tag("core/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The trail from home to here. Views that are not pages pass `breadcrumbs`, a list
    of (label, url) pairs after home with the current place last (its url unused)."""
    trail = context.get("breadcrumbs")
    if trail is None:
        page = context.get("page")
        trail = _page_trail(page, context["request"]) if isinstance(page, Page) else []
    return {"trail": trail, "home_label": _("Home")}


def _page_trail(page, request):
    # depth 1 is Wagtail's invisible root and depth 2 the home page itself, so the home
    # page and its sections have no ancestor to show.
    if page.depth <= 2:
        return []
    # Section pages carry an English title; the menu's cache already knows them.
    titles = section_titles(request)
    trail = []
    if page.depth > 3:
        # Ancestors change only when published or moved, which moves the generation; the
        # page's own title is read as it is, so a preview shows the unsaved one.
        site = Site.find_for_request(request)
        trail = kept_until_published(
            f"trail:{page.path}", lambda: _ancestor_trail(page, request, titles), versions=[site.pk if site else 0]
        )
    return [*trail, (titles.get(page.pk, page.title), None)]


def _ancestor_trail(page, request, titles):
    ancestors = page.get_ancestors().filter(depth__gt=2).only("id", "title", "url_path", "depth", "path")
    return [(titles.get(ancestor.pk, ancestor.title), ancestor.get_url(request)) for ancestor in ancestors]


@register.simple_tag(takes_context=True)
def page_panels(context, page, place):
    """What other apps add to a page at `place` ("notice" under the title, "aside",
    "after" the content), through the PAGE_PANEL_HOOK: a function taking (request,
    page, place) and returning rendered HTML or None. The page's app knows nothing of
    them."""
    request = context["request"]
    rendered = (hook(request, page, place) for hook in hooks.get_hooks(PAGE_PANEL_HOOK))
    return mark_safe("".join(html for html in rendered if html))


@register.inclusion_tag("core/engagement_panel.html", takes_context=True)
def engagement_panel(context, page):
    """Helpful votes and the discussion under a page. A comment refused for being empty
    or too long comes back in the box it was typed in, so nothing typed is lost."""
    from core.engagement import (
        COMMENT_DRAFT_KEY,
        COMMENT_MAX_LENGTH,
        COMMENTS_PAGE_PARAM,
        edit_window,
        engagement_for,
    )

    request = context["request"]
    engagement = engagement_for(page, request.user, request.GET.get(COMMENTS_PAGE_PARAM))
    draft = {}
    if request.user.is_authenticated:
        draft = request.session.pop(COMMENT_DRAFT_KEY.format(page_id=page.pk), None) or {}
    # A reply whose comment has gone since comes back in the main box instead.
    open_threads = {str(comment.pk) for comment in engagement.threads.object_list if comment.is_visible}
    replying = draft.get("parent") in open_threads
    return {
        "request": request,
        "user": request.user,
        "engagement": engagement,
        "draft_body": "" if replying else draft.get("body", ""),
        "draft_error": "" if replying else draft.get("error", ""),
        "reply_draft": draft if replying else {},
        "comment_max_length": COMMENT_MAX_LENGTH,
        "edit_minutes": int(edit_window().total_seconds() // 60),
        "page_param": COMMENTS_PAGE_PARAM,
        "page_url": page.get_url(request),
    }


# Django's `date` filter parses its format and checks the hour for daylight-saving
# ambiguity on every call: about 25 µs, three milliseconds on a page of forty comments.
# These two print the site's fixed formats straight from the datetime Django has already
# moved into the reader's time zone (expects_localtime), as `date` would.


@register.filter(expects_localtime=True)
def minute(value):
    """What `date:"Y-m-d H:i"` prints: 2026-12-04 18:30."""
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else ""


@register.filter(expects_localtime=True)
def machine_time(value):
    """What `date:"c"` prints, for a <time datetime> attribute: ISO 8601 with the offset."""
    return value.isoformat() if isinstance(value, datetime) else ""


@register.filter(is_safe=True, needs_autoescape=True)
def comment_text(text, autoescape=True):
    """A comment as readers see it: plain text, escaped, its line breaks kept and its
    web addresses made into links that search engines do not follow. Never raw HTML."""
    return linebreaksbr(urlize(text, autoescape=autoescape), autoescape=autoescape)


@register.simple_tag(takes_context=True)
def account_menu(context):
    """The header's account menu, or the sign-in link. It is the same for a person
    until their name, unread count or access to the editor workspace changes, so it is
    drawn from those and kept, the sign-out form's token put in on each visit."""
    from core.notifications import unread_count

    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        # Keyed by every address it was seen at, it would crowd the kept drawings out.
        return draw_fresh(ACCOUNT_MENU_TEMPLATE, {"signed_in": False, "next": request.get_full_path()})
    return draw_kept_with_form(
        ACCOUNT_MENU_TEMPLATE,
        context["csrf_token"],
        signed_in=True,
        name=user.get_display_name(),
        unread=unread_count(user),
        may_edit_content=user.has_perm("wagtailadmin.access_admin"),
    )


ACCOUNT_MENU_TEMPLATE = "includes/account_menu.html"


@register.simple_tag
def related_generation():
    from core.related import related_generation

    return related_generation()


@register.simple_tag(takes_context=True)
def editor_userbar(context, position="bottom-left"):
    """Wagtail's userbar (edit this page, add below it, check its accessibility) for
    editors, on the pages they may edit. Someone who may only add pages (a director
    writing cases) gets the page's own buttons instead, to write one and to edit their
    own: the userbar offered them little else, at 5–6 ms of every page they read for
    its permission and workflow checks. The account menu links the admin for everyone
    who has it."""
    request = context.get("request")
    page = context.get("page")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not isinstance(page, Page):
        return ""
    # Wagtail shows the userbar only to people who may open the admin. Asked first, from
    # the permissions the account menu has loaded already, it spares a learner's every
    # page the page-permission lookup below.
    if not user.has_perm("wagtailadmin.access_admin"):
        return ""
    if not holds_page_permission_over(user, page, EDITING):
        return ""
    return wagtailuserbar(context, position)


@register.simple_tag
def blank_form_fields(form):
    """The fields of an unbound form that reads the same for everyone (no per-reader
    choices or initial values), drawn as includes/form_field.html draws each field.
    Django draws every widget through three or four templates: the two forms beside
    every lesson and case cost 2 ms of each visit, for the same markup every time. A
    form bound to what someone typed is drawn afresh, with its values and errors."""
    if form.is_bound or form.initial or settings.DEBUG:
        return _form_fields(form)
    return _kept_blank_form_fields(type(form), form.prefix, form.auto_id, get_language())


def _form_fields(form):
    return mark_safe("".join(render_to_string("includes/form_field.html", {"field": field}) for field in form))


# Drawn once per form, prefix and language in this process, as the menu is.
@lru_cache(maxsize=64)
def _kept_blank_form_fields(form_class, prefix, auto_id, _language):
    return _form_fields(form_class(prefix=prefix, auto_id=auto_id))


@register.simple_tag
def kept_include(template_name, **values):
    """`{% include %}` of a template drawn only from the plain values given, kept once
    drawn (core.kept_drawing): for rows that read the same until one of them changes."""
    return draw_kept(template_name, **values)


@register.simple_tag
def colon():
    """The separator between a label and what follows: "：" in Chinese, ": " in English."""
    return pgettext("separator between a label and its value", ": ")
