"""What quizzes and certification tell the learning record store (xAPI)."""

from datetime import timedelta

from competencies.models import Competency
from quizzes.models import Certificate
from xapi import vocabulary
from xapi.services import record, when_recording
from xapi.statements import activity, duration, extension, page_activity

# How long after its expiry the periodic command still records a certificate as
# expired: a cron stopped for longer than this loses those statements, not more.
EXPIRY_LOOKBACK = timedelta(days=31)


def _certification_activity(certification):
    return activity(
        path=f"certifications/{certification.pk}",
        kind="certification",
        name=certification.name,
    )


def _competency_scores(results):
    competencies = {c.pk: c for c in Competency.objects.filter(pk__in=list(results))}
    scores = []
    for competency_id, result in results.items():
        competency = competencies.get(competency_id)
        if competency is None:
            continue
        scores.append(
            {
                "competency": competency.code,
                "name": competency.name,
                "score": float(result["score"]),
                "max": float(result["points"]),
                "percent": float(result["percent"]),
                "level": result["level"],
            }
        )
    return scores


@when_recording
def attempt_started(*, attempt, quiz):
    record(
        actor=attempt.user,
        verb=vocabulary.ATTEMPTED,
        obj=page_activity(quiz, kind="assessment"),
        key=f"quiz-attempted:{attempt.pk}",
        timestamp=attempt.started_at,
        extensions={"attempt": attempt.number},
    )


@when_recording
def attempt_finished(*, attempt, quiz, competency_results):
    """Passed or failed, with the score and each competency's share of it."""
    score = {"raw": float(attempt.score), "min": 0, "max": float(attempt.max_score)}
    if attempt.max_score:
        score["scaled"] = round(float(attempt.percent) / 100, 4)
    record(
        actor=attempt.user,
        verb=vocabulary.PASSED if attempt.passed else vocabulary.FAILED,
        obj=page_activity(quiz, kind="assessment"),
        key=f"quiz-finished:{attempt.pk}",
        timestamp=attempt.submitted_at,
        result={
            "score": score,
            "success": bool(attempt.passed),
            "completion": True,
            "duration": duration(attempt.submitted_at - attempt.started_at),
            "extensions": {extension("competency-scores"): _competency_scores(competency_results)},
        },
        extensions={"attempt": attempt.number, "pass-mark": float(quiz.pass_mark)},
    )


@when_recording
def certificate_issued(*, certificate):
    record(
        actor=certificate.user,
        verb=vocabulary.EARNED,
        obj=_certification_activity(certificate.certification),
        key=f"certificate-earned:{certificate.pk}",
        timestamp=certificate.issued_at,
        extensions={"certificate": certificate.code, "expires": _iso(certificate.expires_at)},
    )


@when_recording
def certificate_revoked(*, certificate, by):
    record(
        actor=certificate.user,
        verb=vocabulary.REVOKED,
        obj=_certification_activity(certificate.certification),
        # Revoked, restored and revoked again is two revocations.
        key=f"certificate-revoked:{certificate.pk}:{certificate.revoked_at.isoformat()}",
        timestamp=certificate.revoked_at,
        instructor=by,
        extensions={"certificate": certificate.code, "reason": certificate.revocation_reason},
    )


def certificates_expired(now):
    """Registered as a clock event: certificates whose validity ran out lately."""
    expired = Certificate.objects.select_related("user", "certification").filter(
        expires_at__lte=now, expires_at__gt=now - EXPIRY_LOOKBACK, revoked_at__isnull=True, superseded=False
    )
    for certificate in expired:
        record(
            actor=certificate.user,
            verb=vocabulary.EXPIRED,
            obj=_certification_activity(certificate.certification),
            key=f"certificate-expired:{certificate.pk}",
            timestamp=certificate.expires_at,
            extensions={"certificate": certificate.code},
        )


def _iso(moment):
    return moment.isoformat() if moment else None
