"""The only way evidence enters the ledger. Content apps (quizzes, assessors' ratings,
self-assessment forms) call `record_evidence`; competencies imports none of them."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from competencies.models import Evidence


@transaction.atomic
def record_evidence(*, user, competency, source, level=None, score=None, reference="", page=None, recorded_by=None):
    """Append one piece of evidence about `user`'s mastery of `competency`.

    `source` is an `Evidence.Source`; give a proficiency `level`, a `score` in percent,
    or both. Assessor ratings must name the assessor who gave them.
    """
    if source not in Evidence.Source.values:
        raise ValidationError(_("Unknown evidence source: %(source)s") % {"source": source})
    if level is None and score is None:
        raise ValidationError(_("Evidence needs a level or a score."))
    if score is not None:
        score = _percent(score)
    if source == Evidence.Source.ASSESSOR and recorded_by is None:
        raise ValidationError(_("An assessor rating must name the assessor."))
    if source == Evidence.Source.SELF and recorded_by is not None and recorded_by != user:
        raise ValidationError(_("Only the person themselves can record a self-assessment."))
    return Evidence.objects.create(
        user=user,
        competency=competency,
        source=source,
        level=level,
        score=score,
        reference=reference[:200],
        page=page,
        recorded_by=recorded_by,
    )


def _percent(score):
    try:
        value = Decimal(str(score)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError(_("A score must be a number from 0 to 100.")) from error
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(_("A score must be a number from 0 to 100."))
    return value
