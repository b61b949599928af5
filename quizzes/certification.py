"""Grading certification (定级认证): what each person still needs, sign-offs, and
issuing a certificate exactly once when everything is met.

Recertification: once a certificate is within RECERTIFICATION_WINDOW of expiring (or
has expired), only evidence from that window on counts towards the next one, so an old
pass cannot renew a certificate by itself.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Prefetch, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from accounts.models import Team
from accounts.selectors import directs
from competencies.profiles import competency_model_generation
from competencies.selectors import levels_shown
from core.audit import record
from core.generations import Generation, PersonGeneration
from core.related import related_generation
from quizzes import records
from quizzes.models import Attempt, Certificate, Certification, CertificationLevel, CertificationQuiz, SignOff
from quizzes.scoring import plain_number

RECERTIFICATION_WINDOW = timedelta(days=90)
CENT = Decimal("0.01")
# Apps whose content counts as a contribution (published experience lessons, cases)
# register hook(user, since) → number of contributions; quizzes imports none of them.
CONTRIBUTION_HOOK = "register_certification_contribution_counter"


@dataclass
class Requirement:
    label: str
    met: bool
    detail: str = ""
    url: str = ""
    is_sign_off: bool = False


@dataclass
class CertificationProgress:
    certification: Certification
    certificate: Certificate | None
    since: object = None
    requirements: list = field(default_factory=list)

    @property
    def met_count(self):
        return sum(1 for requirement in self.requirements if requirement.met)

    @property
    def complete(self):
        return all(requirement.met for requirement in self.requirements)

    @property
    def ready_for_sign_off(self):
        return all(requirement.met for requirement in self.requirements if not requirement.is_sign_off)

    @property
    def holds_valid(self):
        return self.certificate is not None and self.certificate.status() == Certificate.Status.VALID

    @property
    def open(self):
        """Whether working towards (re)certification makes sense now."""
        if self.certificate is None:
            return True
        if self.certificate.revoked_at:
            return False
        return self.since is not None


@dataclass(frozen=True)
class QuizStanding:
    """Where a person stands on one quiz: the percent that counts by its grading method
    (None until an attempt is finished), how many attempts they made, and whether one
    waits for an assessor."""

    result: Decimal | None = None
    attempts: int = 0
    awaiting: bool = False


NOT_ATTEMPTED = QuizStanding()


def quiz_standings(*, user, quizzes, since=None):
    """{quiz id: QuizStanding} for those of `quizzes` the person attempted (the others
    are NOT_ATTEMPTED), by each quiz's grading method: one grouped query however many
    attempts they made, and one more when a quiz counts the last attempt. With `since`,
    only attempts submitted from then on count towards the result, as in a
    recertification window."""
    counted = Q(state=Attempt.State.FINISHED)
    if since is not None:
        counted &= Q(submitted_at__gte=since)
    mine = Attempt.objects.filter(user=user, quiz_id__in=[quiz.pk for quiz in quizzes])
    rows = (
        mine.values("quiz_id")
        .annotate(
            attempts=Count("pk"),
            finished=Count("pk", filter=counted),
            best=Max("percent", filter=counted),
            total=Sum("percent", filter=counted),
            awaiting=Count("pk", filter=Q(state=Attempt.State.AWAITING_GRADING)),
        )
        .order_by()
    )
    methods = {quiz.pk: quiz.grading_method for quiz in quizzes}
    last = _last_percents(mine.filter(counted), [pk for pk, method in methods.items() if method == "last"])
    return {
        row["quiz_id"]: QuizStanding(
            result=_counted_percent(row, methods[row["quiz_id"]], last.get(row["quiz_id"])),
            attempts=row["attempts"],
            awaiting=row["awaiting"] > 0,
        )
        for row in rows
    }


def _last_percents(finished, quiz_ids):
    """{quiz id: percent of the attempt submitted last}. A window rather than a
    subquery per quiz: SQLite ran a correlated subquery once per attempt."""
    if not quiz_ids:
        return {}
    newest_first = Window(
        RowNumber(), partition_by=[F("quiz_id")], order_by=[F("submitted_at").desc(), F("pk").desc()]
    )
    return dict(
        finished.filter(quiz_id__in=quiz_ids)
        .annotate(place=newest_first)
        .filter(place=1)
        .order_by()
        .values_list("quiz_id", "percent")
    )


def _counted_percent(row, method, last):
    if not row["finished"]:
        return None
    # SQLite hands sums and maxima back as floats: back to the two places stored.
    if method == "last":
        return Decimal(last).quantize(CENT)
    if method == "average":
        return (Decimal(row["total"]).quantize(CENT) / row["finished"]).quantize(CENT)
    return Decimal(row["best"]).quantize(CENT)


# Moves on whenever a certification or what it requires is edited (quizzes/apps.py).
certification_scheme_generation = Generation("certification-scheme-generation")


def open_certifications():
    """The active certifications with the quizzes and levels each requires: what the
    certification pages and the learning map show, and what every submitted attempt is
    checked against. Kept until the scheme is edited, a page is published (a required
    quiz's title, pass mark or being live) or the competency model is (a required
    level's name); reading it was three queries each time. Kept in each process's own
    memory, as it is read on every submission: unpickling its forty-odd rows from the
    cache took 0.35 ms."""
    return _open_certifications_as_of(
        certification_scheme_generation.current(), related_generation(), competency_model_generation.current()
    )


@lru_cache(maxsize=4)
def _open_certifications_as_of(_scheme, _published, _competency_model):
    return list(_open_certifications())


def _open_certifications():
    return (
        Certification.objects.filter(is_active=True)
        .select_related("grade")
        .prefetch_related(
            Prefetch(
                "required_quizzes", queryset=CertificationQuiz.objects.select_related("quiz").order_by("sort_order")
            ),
            Prefetch(
                "required_levels",
                queryset=CertificationLevel.objects.select_related("competency", "level").order_by("sort_order"),
            ),
        )
    )


def certification_overview(user, *, certifications=None, certificates=None, standings=None, now=None):
    """Progress towards every open certification, in a fixed number of queries (one
    more for each recertification window under way), however many attempts.
    `certificates`: all of the person's, and `standings`: their standings counting
    every attempt (no recertification window) on the quizzes these certifications
    require, when the caller has read them already."""
    now = now or timezone.now()
    certifications = list(certifications if certifications is not None else open_certifications())
    if certificates is None:
        certificates = Certificate.objects.filter(user=user, superseded=False, certification__in=certifications)
    open_ids = {certification.pk for certification in certifications}
    current = {
        certificate.certification_id: certificate
        for certificate in certificates
        if not certificate.superseded and certificate.certification_id in open_ids
    }
    quizzes = {slot.quiz for certification in certifications for slot in certification.required_quizzes.all()}
    # By the moment from which attempts count: one query per window.
    by_window = {None: standings} if standings is not None else {}

    def standings_since(since):
        if since not in by_window:
            by_window[since] = quiz_standings(user=user, quizzes=quizzes, since=since) if quizzes else {}
        return by_window[since]

    levels = _whole_levels(levels_shown(user, now=now))
    sign_offs = list(SignOff.objects.filter(user=user, certification__in=certifications).order_by("requested_at"))
    director_known = Team.objects.filter(memberships__user=user, director__isnull=False).exists()
    progress = []
    for certification in certifications:
        certificate = current.get(certification.pk)
        since = _window_start(certificate, now)
        item = CertificationProgress(certification, certificate, since)
        window_levels = _whole_levels(levels_shown(user, since=since, now=now)) if since else levels
        item.requirements = (
            _quiz_requirements(certification, standings_since(since))
            + _level_requirements(certification, window_levels)
            + _contribution_requirements(certification, user, since)
        )
        item.requirements += _sign_off_requirements(certification, sign_offs, since, director_known, item)
        progress.append(item)
    return progress


def _window_start(certificate, now):
    """None when no window applies (no certificate yet: all evidence counts, or a valid
    one not yet due); otherwise the moment from which evidence counts again."""
    if certificate is None or certificate.revoked_at or certificate.expires_at is None:
        return None
    start = certificate.expires_at - RECERTIFICATION_WINDOW
    return start if now >= start else None


def _after(moment, since):
    return since is None or (moment is not None and moment >= since)


def _whole_levels(shown):
    return {competency_id: level.whole for competency_id, level in shown.items() if level.assessed}


def _quiz_requirements(certification, standings):
    requirements = []
    for slot in certification.required_quizzes.all():
        quiz = slot.quiz
        standing = standings.get(quiz.pk, NOT_ATTEMPTED)
        result = standing.result
        met = _passed(quiz, standing)
        if result is None and standing.awaiting:
            detail = _("Taken; an assessor is grading the open answers.")
        elif result is None:
            detail = _("Not taken yet; pass mark %(mark)s%%.") % {"mark": quiz.pass_mark}
        else:
            detail = _("Result %(result)s%%; pass mark %(mark)s%%.") % {
                "result": plain_number(result.quantize(Decimal("0.1"))),
                "mark": quiz.pass_mark,
            }
        requirements.append(
            Requirement(_("Pass “%(quiz)s”") % {"quiz": quiz.title}, met, detail, url=quiz.url if quiz.live else "")
        )
    return requirements


def _passed(quiz, standing):
    return standing.result is not None and standing.result >= quiz.pass_mark


def _level_requirements(certification, levels):
    requirements = []
    for item in certification.required_levels.all():
        reached = levels.get(item.competency_id)
        met = reached is not None and reached >= item.level.number
        detail = (
            _("Shown so far: level %(level)s.") % {"level": reached}
            if reached
            else _("No level shown yet: take a quiz on it.")
        )
        requirements.append(
            Requirement(
                _("%(competency)s at level %(level)s (%(name)s)")
                % {
                    "competency": item.competency.display_name,
                    "level": item.level.number,
                    "name": item.level.display_name,
                },
                met,
                detail,
            )
        )
    return requirements


def _contribution_requirements(certification, user, since):
    if not certification.requires_contribution:
        return []
    count = sum(counter(user, since) for counter in hooks.get_hooks(CONTRIBUTION_HOOK))
    return [
        Requirement(
            _("Share a field experience or case that gets published"),
            count > 0,
            _("%(count)s published so far.") % {"count": count},
        )
    ]


def _sign_off_requirements(certification, sign_offs, since, director_known, progress):
    wanted = []
    if certification.requires_assessor_signoff:
        wanted.append((SignOff.Role.ASSESSOR, _("An assessor's sign-off")))
    if certification.requires_director_signoff:
        wanted.append((SignOff.Role.DIRECTOR, _("The director's sign-off")))
    requirements = []
    for role, label in wanted:
        mine = [
            item
            for item in sign_offs
            if item.certification_id == certification.pk and item.role == role and _after(item.requested_at, since)
        ]
        latest = mine[-1] if mine else None
        met = latest is not None and latest.state == SignOff.State.APPROVED
        if met:
            detail = _("Signed off on %(date)s.") % {"date": timezone.localtime(latest.decided_at).date()}
        elif latest is not None and latest.state == SignOff.State.REQUESTED:
            detail = _("Requested on %(date)s; waiting for a decision.") % {
                "date": timezone.localtime(latest.requested_at).date()
            }
        elif latest is not None:
            detail = _("Declined: %(note)s") % {"note": latest.note or "—"}
        elif role == SignOff.Role.DIRECTOR and not director_known:
            detail = _("You are not in a team with a director yet; ask an administrator.")
        else:
            detail = _("Requested automatically once everything else is met.")
        requirements.append(Requirement(label, met, detail, is_sign_off=True))
    return requirements


# A person's certificates and their results on the quizzes certifications require:
# what tells whether a certification is within reach. Moves on with their certificates
# and their attempts at a required quiz (quizzes/apps.py), so an attempt at any other
# quiz (a course's, a practice round) is checked without reading either again.
standing_generation = PersonGeneration("certification-standing")
# The backstop for a change made around the ORM.
STANDING_KEPT_SECONDS = 10 * 60


def required_quiz_ids():
    return {slot.quiz_id for certification in open_certifications() for slot in certification.required_quizzes.all()}


def attempter_at_a_required_quiz(attempt):
    return [attempt.user_id] if attempt.quiz_id in required_quiz_ids() else []


def _certificates_and_standings(person_id, certifications):
    """(The person's current certificates of `certifications` (the open ones), their
    standings on the quizzes those require), kept between their attempts at other
    quizzes."""

    def read():
        certificates = list(
            Certificate.objects.filter(user=person_id, superseded=False, certification__in=certifications)
        )
        held = {certificate.certification_id for certificate in certificates}
        quizzes = {
            slot.quiz
            for certification in certifications
            if certification.pk not in held
            for slot in certification.required_quizzes.all()
        }
        return certificates, quiz_standings(user=person_id, quizzes=quizzes) if quizzes else {}

    scheme = f"{certification_scheme_generation.current()}:{related_generation()}"
    return standing_generation.keep(person_id, f"certification-standing:{scheme}", read, seconds=STANDING_KEPT_SECONDS)


def certificates_issued_since(person_id, moment):
    """The person's certificates issued from `moment` on (what a result announces),
    from what the certification check keeps."""
    certifications = open_certifications()
    certificates, _standings = _certificates_and_standings(person_id, certifications)
    by_id = {certification.pk: certification for certification in certifications}
    issued = [certificate for certificate in certificates if certificate.issued_at >= moment]
    for certificate in issued:
        certificate.certification = by_id[certificate.certification_id]
    return issued


def check_certifications(*, user, request_sign_offs=True, now=None):
    """Request the sign-offs now due and issue every certificate now earned. Returns
    the certificates issued by this call (usually none).

    A declined sign-off is asked for again only when new evidence arrives, not by the
    decision itself."""
    now = now or timezone.now()
    certifications = open_certifications()
    certificates, standings = _certificates_and_standings(user.pk, certifications)
    within_reach = _within_reach(certifications, certificates, standings, now)
    if not within_reach:
        return []
    issued = []
    overview = certification_overview(
        user, certifications=within_reach, certificates=certificates, standings=standings, now=now
    )
    for progress in overview:
        if request_sign_offs and progress.ready_for_sign_off:
            _request_missing_sign_offs(user, progress, now)
        if progress.complete:
            certificate = issue_certificate(user=user, progress=progress, now=now)
            if certificate is not None:
                issued.append(certificate)
    return issued


def _within_reach(certifications, certificates, standings, now):
    """The certifications this person is working towards whose required quizzes they
    have passed. Only these can be issued or ask for a sign-off. Most attempts leave
    none, and then the levels, sign-offs and contributions are not read at all. A
    recertification window counts its own attempts: those certifications stay in."""
    held = {certificate.certification_id: certificate for certificate in certificates}
    working_towards, windowed = [], []
    for certification in certifications:
        certificate = held.get(certification.pk)
        if certificate is None:
            working_towards.append(certification)
        elif not certificate.revoked_at and _window_start(certificate, now) is not None:
            windowed.append(certification)
    passed = [
        certification
        for certification in working_towards
        if all(
            _passed(slot.quiz, standings.get(slot.quiz.pk, NOT_ATTEMPTED))
            for slot in certification.required_quizzes.all()
        )
    ]
    return passed + windowed


def _request_missing_sign_offs(user, progress, now):
    certification = progress.certification
    roles = []
    if certification.requires_assessor_signoff:
        roles.append(SignOff.Role.ASSESSOR)
    if certification.requires_director_signoff:
        roles.append(SignOff.Role.DIRECTOR)
    for role in roles:
        decided = SignOff.objects.filter(
            user=user,
            certification=certification,
            role=role,
            state__in=[SignOff.State.REQUESTED, SignOff.State.APPROVED],
        )
        if progress.since:
            decided = decided.filter(requested_at__gte=progress.since)
        if decided.exists():
            continue
        try:
            with transaction.atomic():
                SignOff.objects.create(user=user, certification=certification, role=role, requested_at=now)
        except IntegrityError:
            pass


@transaction.atomic
def issue_certificate(*, user, progress, now=None):
    """Issue the certificate, once. A second call, or a concurrent one, issues nothing."""
    now = now or timezone.now()
    certification = progress.certification
    current = (
        Certificate.objects.select_for_update()
        .filter(user=user, certification=certification, superseded=False)
        .first()
    )
    if current is not None:
        if current.revoked_at or _window_start(current, now) is None:
            return None
        current.superseded = True
        current.save(update_fields=["superseded"])
    expires_at = None
    if certification.validity_months:
        expires_at = now + timedelta(days=round(certification.validity_months * 365.25 / 12))
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                user=user, certification=certification, issued_at=now, expires_at=expires_at
            )
    except IntegrityError:
        return None
    # Issued by the rules, not by a person: the entry has no user.
    record(certificate, "quizzes.certificate_issue", data={"holder": certificate.holder_name})
    records.certificate_issued(certificate=certificate)
    return certificate


def may_decide(user, sign_off):
    if not user.is_authenticated or not user.is_active or user.pk == sign_off.user_id:
        return False
    if user.is_superuser:
        return True
    if sign_off.role == SignOff.Role.ASSESSOR:
        return user.has_perm("quizzes.sign_off_certification")
    return directs(user, sign_off.user_id)


@transaction.atomic
def decide_sign_off(*, decider, sign_off, approve, note="", now=None):
    if not may_decide(decider, sign_off):
        raise PermissionDenied(_("You cannot sign off this certification."))
    sign_off = SignOff.objects.select_for_update().get(pk=sign_off.pk)
    decided = SignOff.State.APPROVED if approve else SignOff.State.DECLINED
    if sign_off.state == decided and sign_off.decided_by_id == decider.pk:
        # The same decision sent twice (a double click, a retried request).
        return sign_off
    if sign_off.state != SignOff.State.REQUESTED:
        raise ValidationError(_("This sign-off has already been decided."))
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say why, so the candidate knows what to work on.")})
    sign_off.state = SignOff.State.APPROVED if approve else SignOff.State.DECLINED
    sign_off.decided_by = decider
    sign_off.decided_at = now or timezone.now()
    sign_off.note = note.strip()
    sign_off.save(update_fields=["state", "decided_by", "decided_at", "note"])
    user = sign_off.user
    transaction.on_commit(lambda: check_certifications(user=user, request_sign_offs=False))
    return sign_off
