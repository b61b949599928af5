"""What happens to a shared experience: saving drafts, submitting, the editors' review
decisions, publishing the lesson, and directors' recommendations. Each function checks
who may do it first and runs in one transaction."""

import contextlib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.actions.publish_revision import PublishPermissionError

from capture import records
from capture.anonymise import anonymised
from capture.frame import REQUIRED_FIELDS
from capture.models import (
    Experience,
    ExperienceEvent,
    ExperienceLessonPage,
    LessonCause,
    LessonLibraryPage,
    LessonOption,
    TeamRecommendation,
)
from core.audit import record
from core.locks import take_turns
from core.notifications import notify
from core.tags import normalise_tag

State = Experience.State


def can_review(user):
    return user.is_authenticated and user.has_perm("capture.review_experience")


def can_view(user, experience):
    """Only the author sees a draft; reviewers see it once submitted. The published
    lesson is public."""
    if not user.is_authenticated:
        return False
    if experience.author_id == user.pk:
        return True
    return experience.state != State.DRAFT and can_review(user)


def record_reading(*, reader, experience):
    """An experience holds customer details: who other than its author read it is
    kept in the audit log."""
    if reader.pk != experience.author_id:
        record(experience, "capture.read", actor=reader)


def _require_author(user, experience):
    if not user.is_authenticated or experience.author_id != user.pk:
        raise PermissionDenied
    if not experience.is_editable:
        raise ValidationError(_("This experience is with the reviewers and cannot be changed now."))


def _require_reviewer(user):
    if not can_review(user):
        raise PermissionDenied


@transaction.atomic
def save_draft(*, user, form):
    """Save a valid `ExperienceForm` as the author's draft. Nothing is required of a
    draft, so a half-written experience is never refused."""
    experience = form.instance
    if experience.pk is None:
        if not user.is_authenticated:
            raise PermissionDenied
        experience.author = user
        twin = _same_new_experience(user, form)
        if twin is not None:
            return twin
    else:
        _require_author(user, Experience.objects.select_for_update().get(pk=experience.pk))
    return form.save()


# A second new experience with the same words from the same person this soon is the same
# form sent again (a double click, a retried request, two tabs).
DUPLICATE_WINDOW = timedelta(minutes=10)


def _same_new_experience(user, form):
    """The author's recent experience that this form repeats word for word, or None.
    Anything that differs (a field, a row, a label) makes it a new experience, so no
    copy sent from a second tab loses what was typed there."""
    take_turns(user)
    data = form.cleaned_data
    if not any(data.get(name) for name in ("title", *REQUIRED_FIELDS)):
        return None
    many = {name for name in data if Experience._meta.get_field(name).many_to_many}
    candidates = Experience.objects.filter(
        author=user,
        created_at__gte=timezone.now() - DUPLICATE_WINDOW,
        **{name: value for name, value in data.items() if name not in many},
    ).order_by("pk")
    return next((twin for twin in candidates if _same_rows_and_labels(twin, form, many)), None)


def _same_rows_and_labels(twin, form, many):
    data = form.cleaned_data
    for name in many - {"tags"}:
        if {item.pk for item in data[name]} != set(getattr(twin, name).values_list("pk", flat=True)):
            return False
    if "tags" in many and sorted(data["tags"]) != sorted(twin.tags.names()):
        return False
    for prefix, formset in form.formsets.items():
        fields = formset.form._meta.fields
        typed = [
            tuple(row.cleaned_data.get(field) for field in fields)
            for row in formset.forms
            if row.cleaned_data and not row.cleaned_data.get("DELETE") and row.has_changed()
        ]
        if typed != list(getattr(twin, prefix).values_list(*fields)):
            return False
    return True


def missing_for_submission(experience):
    """{field name: message} for what a submission still lacks."""
    labels = {name: Experience._meta.get_field(name).verbose_name for name in REQUIRED_FIELDS}
    return {
        name: _("Fill in “%(field)s” before submitting.") % {"field": labels[name]}
        for name in REQUIRED_FIELDS
        if not getattr(experience, name).strip()
    }


@transaction.atomic
def submit(*, user, experience):
    """Send a draft (or a revised submission) to the editors."""
    experience = Experience.objects.select_for_update().get(pk=experience.pk)
    if experience.state == State.SUBMITTED and experience.author_id == user.pk:
        # Sent twice (a double click, two tabs): it is with the editors already.
        return experience
    _require_author(user, experience)
    missing = missing_for_submission(experience)
    if missing:
        raise ValidationError(missing)
    resubmitted = experience.state == State.CHANGES_REQUESTED
    experience.state = State.SUBMITTED
    experience.submitted_at = timezone.now()
    experience.save(update_fields=["state", "submitted_at", "updated_at"])
    ExperienceEvent.objects.create(
        experience=experience,
        actor=user,
        state=State.SUBMITTED,
        comment=_("Resubmitted with changes.") if resubmitted else "",
    )
    records.experience_shared(experience=experience)
    return experience


def _locked_for_review(experience, *, reviewer, state):
    """The experience, locked, and whether this reviewer already made this decision:
    the same decision sent twice (a double click, two tabs) is the decision already
    taken. Otherwise only a submission awaiting review can be decided."""
    # Only the author is joined (it never changes): after waiting for the lock,
    # PostgreSQL reads the locked row anew but joined rows as they were before, so a
    # lesson the first decision made would look missing; it is read on its own.
    experience = Experience.objects.select_for_update().select_related("author").get(pk=experience.pk)
    # An approval counts as taken only while its lesson exists.
    taken = state != State.APPROVED or experience.lesson_page_id is not None
    if experience.state == state and experience.reviewed_by_id == reviewer.pk and taken:
        return experience, True
    if experience.state != State.SUBMITTED:
        raise ValidationError(
            _("Only a submission awaiting review can be decided; this one is “%(state)s”.")
            % {"state": experience.get_state_display()}
        )
    return experience, False


def _decide(experience, *, reviewer, state, comment):
    experience.state = state
    experience.decided_at = timezone.now()
    experience.reviewed_by = reviewer
    experience.save(update_fields=["state", "decided_at", "reviewed_by", "lesson_page", "updated_at"])
    ExperienceEvent.objects.create(experience=experience, actor=reviewer, state=state, comment=comment)


def _tell_author(experience, message, url):
    notify(
        recipient=experience.author,
        message=message,
        url=url,
        email_subject=_("[Sales Excellence Academy] %(message)s") % {"message": message},
        email_body=_("%(message)s\n\nSee it here: %(url)s") % {"message": message, "url": _absolute(url)},
    )


def _absolute(url):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def _required_comment(comment, message):
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(message)
    return comment


@transaction.atomic
def request_changes(*, reviewer, experience, comment):
    _require_reviewer(reviewer)
    comment = _required_comment(comment, _("Tell the contributor what to change."))
    experience, already = _locked_for_review(experience, reviewer=reviewer, state=State.CHANGES_REQUESTED)
    if already:
        return experience
    _decide(experience, reviewer=reviewer, state=State.CHANGES_REQUESTED, comment=comment)
    _tell_author(
        experience,
        _("The reviewers asked for changes to “%(title)s”.") % {"title": experience.display_title},
        reverse("capture:edit", args=[experience.pk]),
    )
    return experience


@transaction.atomic
def reject(*, reviewer, experience, reason):
    _require_reviewer(reviewer)
    reason = _required_comment(reason, _("Give the contributor a reason."))
    experience, already = _locked_for_review(experience, reviewer=reviewer, state=State.REJECTED)
    if already:
        return experience
    _decide(experience, reviewer=reviewer, state=State.REJECTED, comment=reason)
    _tell_author(
        experience,
        _("“%(title)s” was not accepted as a lesson.") % {"title": experience.display_title},
        reverse("capture:detail", args=[experience.pk]),
    )
    return experience


@transaction.atomic
def approve(*, reviewer, experience, title, tags=(), replacements=(), comment=""):
    """Publish the experience as a lesson in the library, credited to its author, with
    the reviewer's title, normalised tags and `replacements` (sensitive names → neutral
    wording) applied to every text. A reviewer without permission to publish pages
    sends the lesson into the library's workflow instead."""
    _require_reviewer(reviewer)
    experience, already = _locked_for_review(experience, reviewer=reviewer, state=State.APPROVED)
    if already:
        return experience.lesson_page.specific
    library = LessonLibraryPage.objects.first()
    if library is None:
        raise ValidationError(_("There is no lesson library to publish into. Create one under the home page first."))
    lesson = _lesson_from(experience, title=anonymised(title, replacements), replacements=replacements)
    lesson.tags.set([name for name in (normalise_tag(tag) for tag in tags) if name])
    library.add_child(instance=lesson)
    revision = lesson.save_revision(user=reviewer, log_action=True)
    # As in Wagtail's editor: whoever may publish publishes; anyone else submits the
    # lesson to the workflow that covers the library, if there is one.
    if lesson.permissions_for_user(reviewer).can_publish():
        revision.publish(user=reviewer)
    elif (workflow := lesson.get_workflow()) is not None:
        # A workflow without tasks finishes at once and would publish as the reviewer;
        # then the lesson stays a draft for someone who may publish.
        with contextlib.suppress(PublishPermissionError):
            workflow.start(lesson, reviewer)
    lesson.refresh_from_db()
    experience.lesson_page = lesson
    _decide(experience, reviewer=reviewer, state=State.APPROVED, comment=(comment or "").strip())
    _tell_author(
        experience,
        _("“%(title)s” is approved and published as a lesson. Thank you for sharing it.")
        % {"title": experience.display_title}
        if lesson.live
        else _("“%(title)s” is approved; the lesson will appear once it is published.")
        % {"title": experience.display_title},
        reverse("capture:detail", args=[experience.pk]),
    )
    return lesson


def _lesson_from(experience, *, title, replacements):
    lesson = ExperienceLessonPage(
        title=title,
        slug=f"{slugify(title, allow_unicode=True)[:60].strip('-') or 'lesson'}-{experience.pk}",
        live=False,
        contributor=experience.author,
        industry=experience.industry,
        sales_stage=experience.sales_stage,
        buying_role=experience.buying_role,
        outcome=experience.outcome,
        **{name: anonymised(getattr(experience, name), replacements) for name in Experience.TEXT_FIELDS},
    )
    lesson.competencies = list(experience.competencies.all())
    lesson.products = list(experience.products.all())
    lesson.causes = [
        LessonCause(
            cause=anonymised(row.cause, replacements),
            evidence=anonymised(row.evidence, replacements),
            sort_order=index,
        )
        for index, row in enumerate(experience.causes.all())
        if row.cause.strip()
    ]
    lesson.options = [
        LessonOption(
            option=anonymised(row.option, replacements),
            pros=anonymised(row.pros, replacements),
            cons=anonymised(row.cons, replacements),
            chosen=row.chosen,
            sort_order=index,
        )
        for index, row in enumerate(experience.options.all())
        if row.option.strip()
    ]
    return lesson


@transaction.atomic
def recommend(*, director, lesson, team, note=""):
    """A director recommends a lesson to a team they lead. Recommending again updates
    the note."""
    if team.director_id != director.pk:
        raise PermissionDenied
    recommendation, _created = TeamRecommendation.objects.update_or_create(
        team=team, lesson=lesson, defaults={"recommended_by": director, "note": (note or "").strip()[:200]}
    )
    return recommendation


@transaction.atomic
def withdraw_recommendation(*, director, lesson, team):
    if team.director_id != director.pk:
        raise PermissionDenied
    TeamRecommendation.objects.filter(team=team, lesson=lesson).delete()
