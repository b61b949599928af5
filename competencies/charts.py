"""Data for the profile's radar chart, handed to the page with `json_script`. The
table beside the chart says the same in text, so the chart is never the only way."""

from django.utils.translation import gettext as _


def radar_data(profile, *, top_level, own=True):
    """`own` is False when a director looks at a member's chart: the series then speak
    of that person, not of "you"."""
    # None, not 0, where nothing is known: the chart leaves a gap instead of drawing a
    # level of zero the person never showed.
    standings = profile.standings
    name = profile.user.get_display_name()
    datasets = [
        {
            "key": "level",
            "label": _("Current level"),
            "data": [standing.reached if standing.assessed else None for standing in standings],
        },
        {
            "key": "required",
            "label": _("Required for your grade") if own else _("Required for %(name)s’s grade") % {"name": name},
            "data": [standing.required for standing in standings],
        },
    ]
    if profile.next_grade and any(standing.next_required for standing in standings):
        datasets.append(
            {
                "key": "next",
                "label": _("Required for %(grade)s") % {"grade": profile.next_grade.display_name},
                "data": [standing.next_required for standing in standings],
            }
        )
    self_levels = [standing.self_level for standing in standings]
    if any(self_levels):
        datasets.append(
            {
                "key": "self",
                "label": _("Your own view") if own else _("%(name)s’s own view") % {"name": name},
                "data": self_levels,
                # Only some competencies rated: dots, not a line joining far-apart spokes.
                "partial": not all(self_levels),
            }
        )
    return {
        "labels": [standing.competency.display_name for standing in standings],
        "datasets": datasets,
        "max": top_level,
        "title": _("Current level against required level, per competency"),
    }
