"""Item statistics (试测和检验, "pilot and validate the tools"): for each question, how
many finished attempts answered it, its facility (the average share of its points
earned) and its discrimination (how well it separates strong from weak candidates:
the correlation between the question's score and the attempt's total)."""

import datetime
import math

from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy

from core.reports import SafeExportReportView
from quizzes.models import AttemptAnswer, Question

# Below this many answers the numbers say more about chance than about the question.
MIN_ANSWERS = 5


def _stats_queryset():
    finished = Q(answers__attempt__state="finished")
    earned = Cast(F("answers__score"), FloatField()) / Cast(F("answers__points"), FloatField())
    total = Cast(F("answers__attempt__percent"), FloatField())
    return (
        Question.objects.select_related("competency", "level", "category")
        .prefetch_related("choices")
        .annotate(
            answered=Count("answers", filter=finished),
            sum_x=Sum(earned, filter=finished),
            sum_y=Sum(total, filter=finished),
            sum_xy=Sum(earned * total, filter=finished),
            sum_xx=Sum(earned * earned, filter=finished),
            sum_yy=Sum(total * total, filter=finished),
        )
        .order_by("-answered", "pk")
    )


def describe(question, strong_choices=None):
    """Attach facility (%), discrimination and a plain-language verdict.
    `strong_choices`: {choice id: how many of the strongest candidates chose it}."""
    n = question.answered or 0
    question.facility = round(100 * question.sum_x / n, 1) if n and question.sum_x is not None else None
    question.discrimination = None
    if n >= 2:
        spread_x = n * question.sum_xx - question.sum_x**2
        spread_y = n * question.sum_yy - question.sum_y**2
        if spread_x > 1e-9 and spread_y > 1e-9:
            value = (n * question.sum_xy - question.sum_x * question.sum_y) / math.sqrt(spread_x * spread_y)
            question.discrimination = round(max(-1.0, min(1.0, value)), 2)
    question.suspect_choice = _suspect_choice(question, strong_choices or {})
    question.verdict = _verdict(n, question.facility, question.discrimination, question.suspect_choice)
    return question


def _suspect_choice(question, strong_choices):
    """A choice worth no credit that the strongest candidates pick more often than the
    keyed answer: the classic sign of a wrong key."""
    if question.kind != "single" or not strong_choices:
        return None
    choices = list(question.choices.all())
    keyed = max((strong_choices.get(choice.pk, 0) for choice in choices if choice.weight >= 100), default=0)
    wrong = [choice for choice in choices if choice.weight <= 0 and strong_choices.get(choice.pk, 0) > keyed]
    return max(wrong, key=lambda choice: strong_choices[choice.pk]) if wrong else None


def strong_choices_for(questions):
    """{question id: {choice id: count}} of the single-choice answers given in the
    upper half (by attempt percent) of each question's finished attempts."""
    single_ids = [question.pk for question in questions if question.kind == "single"]
    if not single_ids:
        return {}
    rows = (
        AttemptAnswer.objects.filter(question_id__in=single_ids, attempt__state="finished")
        .order_by("question_id", "-attempt__percent", "pk")
        .values_list("question_id", "response", "attempt__percent")
    )
    by_question = {}
    for question_id, response, _percent in rows:
        by_question.setdefault(question_id, []).append((response or {}).get("choice"))
    counts = {}
    for question_id, chosen in by_question.items():
        upper = chosen[: max(1, len(chosen) // 2)]
        counts[question_id] = {pk: upper.count(pk) for pk in set(upper) if pk is not None}
    return counts


def _verdict(n, facility, discrimination, suspect_choice=None):
    if n < MIN_ANSWERS:
        return _("Too few answers yet")
    if suspect_choice is not None:
        return _("Check the key: the strongest candidates choose “%(choice)s”") % {"choice": suspect_choice.text}
    if discrimination is not None and discrimination < 0:
        return _("Check the key: strong candidates score worse on it than weak ones")
    if facility is not None and facility > 95:
        return _("Too easy: almost everyone gets it")
    if facility is not None and facility < 20:
        return _("Too hard, or the key is wrong")
    if discrimination is not None and discrimination < 0.2:
        return _("Weak: does not separate strong from weak")
    return _("Working")


class QuestionStatisticsView(SafeExportReportView):
    page_title = gettext_lazy("Question statistics")
    header_icon = "table"
    index_url_name = "question_statistics"
    index_results_url_name = "question_statistics_results"
    permission_policy = ModelPermissionPolicy(Question)
    permission_required = "view"
    columns = [
        Column("text", label=gettext_lazy("Question")),
        Column("competency", label=gettext_lazy("Competency")),
        Column("level", label=gettext_lazy("Level")),
        Column("answered", label=gettext_lazy("Answers")),
        Column("facility", label=gettext_lazy("Facility (%)")),
        Column("discrimination", label=gettext_lazy("Discrimination")),
        Column("verdict", label=gettext_lazy("Verdict")),
    ]
    list_export = [
        "pk",
        "text",
        "competency.display_name",
        "level.number",
        "answered",
        "facility",
        "discrimination",
        "verdict",
    ]
    export_headings = {
        "pk": "ID",
        "text": gettext_lazy("Question"),
        "competency.display_name": gettext_lazy("Competency"),
        "level.number": gettext_lazy("Level"),
        "answered": gettext_lazy("Answers"),
        "facility": gettext_lazy("Facility (%)"),
        "discrimination": gettext_lazy("Discrimination"),
        "verdict": gettext_lazy("Verdict"),
    }

    def get_filename(self):
        return f"question-statistics-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        return _stats_queryset()

    def decorate_paginated_queryset(self, object_list):
        questions = list(object_list)
        strong = strong_choices_for(questions)
        return [describe(question, strong.get(question.pk)) for question in questions]

    def to_row_dict(self, item):
        # One query for the whole export rather than one a row.
        if not hasattr(self, "_strong_choices"):
            self._strong_choices = strong_choices_for(Question.objects.filter(kind="single").only("pk", "kind"))
        return super().to_row_dict(describe(item, self._strong_choices.get(item.pk)))
