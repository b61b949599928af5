"""Panels other apps add to the profile page (a person's job grade, later their
competency profile), through the `register_profile_panel` Wagtail hook: a function
taking (request, user) and returning rendered HTML, or None to add nothing. accounts
never imports the apps that register them."""

from wagtail import hooks

PROFILE_PANEL_HOOK = "register_profile_panel"


def profile_panels(request, user):
    rendered = (hook(request, user) for hook in hooks.get_hooks(PROFILE_PANEL_HOOK))
    return [html for html in rendered if html]
