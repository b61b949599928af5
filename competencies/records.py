"""What competency levels and learning plans tell the learning record store (xAPI)."""

from django.utils import timezone

from competencies.levels import MEASURING_SOURCES, Reading, measured_level, reached_level
from competencies.models import Competency, Evidence
from competencies.profiles import competency_model, readings_from
from xapi import vocabulary
from xapi.services import record, when_recording
from xapi.statements import activity, page_activity


def _competency_activity(competency):
    return activity(
        path=f"competencies/{competency.code}",
        kind="objective",
        names={"zh-hans": competency.name, "en": competency.name_en},
    )


def _plan_item_activity(item, page):
    return activity(path=f"plan-items/{item.pk}", kind="plan-item", name=page.title, url=page.get_full_url())


@when_recording
def level_change(*, evidence):
    """A quiz or an assessor moved the person's whole level in a competency up or down.
    Self-assessments do not move it."""
    if evidence.source not in MEASURING_SOURCES:
        return
    now = timezone.now()
    key = (evidence.user_id, evidence.competency_id)
    earlier = Evidence.objects.filter(user_id=evidence.user_id, competency_id=evidence.competency_id)
    before = readings_from(earlier.exclude(pk=evidence.pk)).get(key, [])
    this = Reading(evidence.source, evidence.level.number if evidence.level_id else None, evidence.recorded_at)
    was = reached_level(measured_level(before, now=now))
    now_at = reached_level(measured_level([*before, this], now=now))
    if was == now_at:
        return
    competency = Competency.objects.get(pk=evidence.competency_id)
    record(
        actor=evidence.user,
        verb=vocabulary.REACHED_LEVEL,
        obj=_competency_activity(competency),
        key=f"level-changed:{evidence.pk}",
        timestamp=evidence.recorded_at,
        result={"score": {"raw": now_at, "min": 0, "max": competency_model().top_level}},
        extensions={"level-before": was, "level": now_at, "evidence": evidence.get_source_display()},
    )


@when_recording
def items_assigned(*, items, page, director, due_on):
    parent = page_activity(page)
    for item in items:
        record(
            actor=item.user,
            verb=vocabulary.WAS_ASSIGNED,
            obj=_plan_item_activity(item, page),
            key=f"plan-item-assigned:{item.pk}:{due_on.isoformat()}",
            parents=[parent],
            instructor=director,
            extensions={"due": due_on.isoformat()},
        )


@when_recording
def items_completed(*, items, page):
    for item in items:
        record(
            actor=item.user,
            verb=vocabulary.COMPLETED,
            obj=_plan_item_activity(item, page),
            key=f"plan-item-completed:{item.pk}",
            timestamp=item.completed_at,
            result={"completion": True},
            parents=[page_activity(page)],
        )
