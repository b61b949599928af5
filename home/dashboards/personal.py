"""The signed-in home page: what to do next, in one screen. Continue learning, what
the director assigned (overdue first), the largest gap, new lessons from colleagues and
the team's discussion of the week."""

from capture.selectors import newest_lessons, recommended_for
from cases.selectors import upcoming_discussions_for
from competencies.profiles import profile_of
from competencies.selectors import plan_of
from home.dashboards.team import teams_visible_to
from learning.selectors import enrolments_with_progress

CONTINUE_SHOWN = 3
ASSIGNED_SHOWN = 5
NEW_LESSONS_SHOWN = 4
TEAMS_SHOWN = 5
RECOMMENDED_SHOWN = 2


def personal_dashboard(user):
    plan = plan_of(user)
    assigned = sorted(plan.assigned, key=lambda item: not item.overdue)
    return {
        "continue_learning": [enrolment for enrolment in enrolments_with_progress(user) if not enrolment.completed_at][
            :CONTINUE_SHOWN
        ],
        "plan": plan,
        "assigned": assigned[:ASSIGNED_SHOWN],
        "next_in_plan": plan.own[:1],
        "top_gap": profile_of(user).top_gap,
        "new_lessons": newest_lessons(limit=NEW_LESSONS_SHOWN, excluding_contributor=user),
        "discussions": upcoming_discussions_for(user, limit=3),
        "recommended_lessons": recommended_for(user)[:RECOMMENDED_SHOWN],
        "led_teams": list(teams_visible_to(user)[:TEAMS_SHOWN]),
    }
