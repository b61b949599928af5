from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.audit import record_export
from core.search.query import clean_query
from home.dashboards.export import team_workbook
from home.dashboards.learning_map import learning_map
from home.dashboards.team import team_dashboard, team_for, teams_visible_to
from home.search.facets import FACET_LABELS
from home.search.log import log_search, promotions_for
from home.search.results import search
from home.search.suggestions import suggestions


@require_GET
def search_page(request):
    query = clean_query(request.GET.get("q"))
    outcome = None
    if query:
        outcome = search(query=query, params=request.GET)
        starting = "page" not in request.GET and not any(name in request.GET for name in FACET_LABELS)
        if starting and request.user.is_authenticated:
            # Paging and narrowing are the same search; only its first sight is counted.
            # Signed-out searches are not: anyone could add endless made-up rows.
            log_search(query, found=bool(outcome.total))
        if outcome.results_page.number == 1:
            outcome.promotions = promotions_for(query)
    context = {
        "search_query": query or "",
        "outcome": outcome,
        "breadcrumbs": [(_("Search"), None)],
    }
    return render(request, "home/search.html", context)


@require_GET
def search_suggestions(request):
    """Completions for the header search box, as JSON."""
    query = clean_query(request.GET.get("q"))
    return JsonResponse({"query": query or "", "suggestions": suggestions(query) if query else []})


@login_required
def team_list(request):
    teams = list(teams_visible_to(request.user))
    if len(teams) == 1 and not request.user.is_superuser:
        return redirect("team_dashboards:dashboard", team_id=teams[0].pk)
    title = _("My teams")
    return render(request, "home/team_list.html", {"teams": teams, "title": title, "breadcrumbs": [(title, None)]})


def _visible_team(request, team_id):
    team = team_for(request.user, team_id)
    if team is None:
        # Not "forbidden": a 404 does not tell members which teams exist.
        raise Http404
    return team


def _sorting(request):
    return request.GET.get("sort", "name")[:40], request.GET.get("dir") == "desc"


@login_required
def team_dashboard_view(request, team_id):
    team = _visible_team(request, team_id)
    sort, descending = _sorting(request)
    dashboard = team_dashboard(team, sort=sort, descending=descending)
    context = {
        "dashboard": dashboard,
        "title": team.name,
        "breadcrumbs": [(_("My teams"), reverse("team_dashboards:list")), (team.name, None)],
    }
    return render(request, "home/team_dashboard.html", context)


@login_required
def team_export(request, team_id):
    team = _visible_team(request, team_id)
    sort, descending = _sorting(request)
    workbook = team_workbook(team_dashboard(team, sort=sort, descending=descending))
    record_export(request, what=team, export_format="xlsx")
    response = HttpResponse(workbook, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"team-{team.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def learning_map_view(request):
    """学习地图: the way through a job grade, the person's own unless they pick another."""
    grade_code = request.GET.get("grade", "")[:40] or None
    the_map = learning_map(request.user, grade_code=grade_code)
    title = _("Learning map")
    return render(
        request,
        "home/learning_map.html",
        {
            "map": the_map,
            "title": title,
            "breadcrumbs": [(_("My growth"), reverse("competencies:profile")), (title, None)],
        },
    )
