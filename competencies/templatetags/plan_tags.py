from django import template

from accounts.selectors import led_teams_of
from competencies.selectors import page_in_plan

register = template.Library()


@register.inclusion_tag("competencies/includes/plan_button.html", takes_context=True)
def plan_button(context, page):
    """ "Add to my learning plan" (or where it stands), and for directors "assign to my
    team", on any content page a plan can hold."""
    request = context["request"]
    user = request.user
    return {
        "request": request,
        "page": page,
        "plan_item": page_in_plan(user, page),
        "may_assign": user.is_authenticated
        # The role check reads the permission cache the main menu already filled, so
        # people who lead no team cost no query here.
        and (user.is_superuser or (user.has_perm("accounts.view_team") and bool(led_teams_of(user)))),
        "csrf_token": context.get("csrf_token"),
    }
