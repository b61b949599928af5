"""Data for the profile's radar chart, handed to the page with `json_script`. The
table beside the chart says the same in text, so the chart is never the only way."""

from django.utils.translation import gettext as _


def radar_data(profile, *, top_level):
    # None, not 0, where nothing is known: the chart leaves a gap instead of drawing a
    # level of zero the person never showed.
    standings = profile.standings
    datasets = [
        {"key": "level", "label": _("Measured level"), "data": [standing.level for standing in standings]},
        {
            "key": "required",
            "label": _("Required for your grade"),
            "data": [standing.required for standing in standings],
        },
    ]
    if profile.next_grade and any(standing.next_required for standing in standings):
        datasets.append(
            {
                "key": "next",
                "label": _("Required for %(grade)s") % {"grade": profile.next_grade.name},
                "data": [standing.next_required for standing in standings],
            }
        )
    if any(standing.self_level for standing in standings):
        datasets.append(
            {"key": "self", "label": _("Your own view"), "data": [standing.self_level for standing in standings]}
        )
    return {
        "labels": [standing.competency.name for standing in standings],
        "datasets": datasets,
        "max": top_level,
        "title": _("Measured level against required level, per competency"),
    }
