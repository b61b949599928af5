"""What people do with lessons and cases beyond reading them: apply them and report how
it went, note where they did not hold, follow topics, ask colleagues. Each service
checks who may act first and runs in one transaction."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.bulk import insert_or_add
from core.freshness import can_steward
from core.locks import take_turns
from core.models import PageStewardship
from core.notifications import notify
from core.taxonomy import SalesStage
from core.text import clean_text
from core.tree import public_pages
from knowledge import records
from knowledge.models import (
    Application,
    ExpertQuestion,
    FieldNote,
    Follow,
    KnowledgePreferences,
    KnowledgeSettings,
    PageUseDay,
    Result,
)
from knowledge.selectors import field_use_generation, is_failing, listed_experts

ACCOUNT_MAX_LENGTH = 80
NOTE_MAX_LENGTH = 300
DUPLICATE_WINDOW = timedelta(minutes=2)


def _require_member(user):
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied


def knowledge_page(page_id):
    """The live, public lesson or case with this id, or None."""
    try:
        page_id = int(page_id)
    except (TypeError, ValueError):
        return None
    page = public_pages(Page.objects.live()).filter(pk=page_id).first()
    if page is None or not getattr(page.specific_class, "has_review_date", False):
        return None
    return page


# --- applying a lesson and reporting how it went ----------------------------------------


@transaction.atomic
def record_application(*, user, page, account, stage, note=""):
    """The person starts trying the page on an account. The same account again (a
    double click, a second tab) is the same application. Returns (application, created)."""
    _require_member(user)
    errors = {}
    try:
        account = clean_text(
            account, limit=ACCOUNT_MAX_LENGTH, required_message=_("Name the account you are trying it on.")
        )
    except ValidationError as error:
        errors["account"] = error.messages
    if stage not in SalesStage.values:
        errors["stage"] = [_("Choose the sales stage the account is in.")]
    try:
        note = clean_text(note, limit=NOTE_MAX_LENGTH)
    except ValidationError as error:
        errors["note"] = error.messages
    if errors:
        raise ValidationError(errors)
    # The person's requests run one after another, so the second of two sees the first.
    take_turns(user)
    existing = Application.objects.filter(page=page, user=user, account=account).first()
    if existing is not None:
        return existing, False
    weeks = KnowledgeSettings.load().follow_up_weeks_for(page)
    application = Application.objects.create(
        page=page,
        user=user,
        account=account,
        stage=stage,
        note=note,
        follow_up_on=timezone.localdate() + timedelta(weeks=weeks),
    )
    return application, True


@transaction.atomic
def report_outcome(*, user, application, result, note):
    """The person who applied it says how it went. Only they can; saying it again
    replaces the earlier answer. A lesson that crosses the failing threshold with this
    answer is flagged to its owner."""
    if not user.is_authenticated or application.user_id != user.pk:
        raise PermissionDenied
    errors = {}
    if result not in Result.values:
        errors["result"] = [_("Choose how it went.")]
    try:
        note = clean_text(
            note, limit=NOTE_MAX_LENGTH, required_message=_("Add a line about why: it is what others learn from.")
        )
    except ValidationError as error:
        errors["result_note"] = error.messages  # the form's name for the line of why
    if errors:
        raise ValidationError(errors)
    application = Application.objects.select_for_update().get(pk=application.pk)
    upkeep = KnowledgeSettings.load()
    was_failing = is_failing(application.page_id, upkeep)
    application.result = result
    application.result_note = note
    application.reported_at = timezone.now()
    application.save(update_fields=["result", "result_note", "reported_at"])
    records.outcome_reported(application=application)
    if not was_failing and is_failing(application.page_id, upkeep):
        _flag_failing(application.page)
    return application


def _flag_failing(page):
    stewardship = (
        PageStewardship.objects.filter(page_id=page.pk, owner__is_active=True).select_related("owner").first()
    )
    if stewardship is None:
        return
    recipient = stewardship.owner
    message = _("“%(title)s” keeps failing when people apply it: read what they reported.") % {"title": page.title}
    notify(
        recipient=recipient,
        message=message,
        url=reverse("knowledge:outcomes", args=[page.pk]),
        email_subject=_("A lesson you own keeps failing"),
    )


def outcome_prompts_to_email(today=None):
    """Applications whose follow-up day has come and whose owner has not been asked by
    e-mail: each is asked once."""
    today = today or timezone.localdate()
    return Application.objects.filter(
        follow_up_on__lte=today, prompted_at__isnull=True, reported_at__isnull=True, user__is_active=True
    )


def email_outcome_prompts(today=None):
    """Ask by e-mail how each due application went, once each: the row is claimed
    before the e-mail goes out, so two runs never ask twice. Returns how many were asked."""
    asked = 0
    for application_id in outcome_prompts_to_email(today).values_list("pk", flat=True).iterator():
        with transaction.atomic():
            claimed = Application.objects.filter(pk=application_id, prompted_at__isnull=True).update(
                prompted_at=timezone.now()
            )
            if not claimed:
                continue
            application = Application.objects.select_related("page", "user").get(pk=application_id)
            notify(
                recipient=application.user,
                message=_("How did “%(title)s” go with %(account)s?")
                % {"title": application.page.title, "account": application.account},
                url=reverse("knowledge:report_outcome", args=[application.pk]),
                email_subject=_("How did it go with %(account)s?") % {"account": application.account},
            )
            asked += 1
    return asked


# --- counter-experiences ----------------------------------------------------------------


@transaction.atomic
def add_field_note(*, user, page, condition, what_happened, advice=""):
    _require_member(user)
    errors = {}
    for field, value, limit, required in (
        ("condition", condition, 120, _("Say under which conditions it did not work.")),
        ("what_happened", what_happened, 1000, _("Say what happened instead.")),
        ("advice", advice, 1000, None),
    ):
        try:
            clean_text(value, limit=limit, required_message=required)
        except ValidationError as error:
            errors[field] = error.messages
    if errors:
        raise ValidationError(errors)
    take_turns(user)
    condition, what_happened, advice = condition.strip(), what_happened.strip(), (advice or "").strip()
    earlier = FieldNote.objects.filter(
        page=page,
        author=user,
        condition=condition,
        what_happened=what_happened,
        created_at__gte=timezone.now() - DUPLICATE_WINDOW,
    ).first()
    if earlier is not None:
        return earlier
    return FieldNote.objects.create(
        page=page, author=user, condition=condition, what_happened=what_happened, advice=advice
    )


def _counter_experienceclean_text(note):
    text = _("Does not hold for %(condition)s: %(what)s") % {"condition": note.condition, "what": note.what_happened}
    if note.advice:
        text = f"{text} {note.advice}"
    return text


@transaction.atomic
def promote_field_note(*, user, note):
    """An editor folds the counter-experience into a new draft revision of the page
    (its "when it does not apply" part), to check and publish as any other edit.
    Returns the revision."""
    if not can_steward(user):
        raise PermissionDenied
    note = FieldNote.objects.select_for_update().select_related("page", "author").get(pk=note.pk)
    if note.state != FieldNote.State.OPEN:
        raise ValidationError(_("This note has been handled already."))
    draft = note.page.specific.get_latest_revision_as_object()
    draft.add_counter_experience(_counter_experienceclean_text(note))
    revision = draft.save_revision(user=user, log_action=True)
    note.state = FieldNote.State.PROMOTED
    note.handled_by = user
    note.handled_at = timezone.now()
    note.save(update_fields=["state", "handled_by", "handled_at"])
    if note.author_id != user.pk:
        notify(
            recipient=note.author,
            message=_("Your note on “%(title)s” is being added to it.") % {"title": note.page.title},
            url=note.page.url or "",
        )
    return revision


@transaction.atomic
def dismiss_field_note(*, user, note):
    if not can_steward(user):
        raise PermissionDenied
    updated = FieldNote.objects.filter(pk=note.pk, state=FieldNote.State.OPEN).update(
        state=FieldNote.State.DISMISSED, handled_by=user, handled_at=timezone.now()
    )
    # An update sends no signal.
    field_use_generation.move_on()
    return bool(updated)


# --- following and digests --------------------------------------------------------------


@transaction.atomic
def follow(*, user, kind, target):
    """Follow a tag, competency, industry or colleague. Following again changes nothing."""
    _require_member(user)
    if kind not in Follow.TARGETS:
        raise ValidationError(_("You cannot follow that."))
    if kind == "colleague" and target.pk == user.pk:
        raise ValidationError(_("You see what you share yourself already."))
    follow_row, _created = Follow.objects.get_or_create(user=user, **{kind: target})
    return follow_row


@transaction.atomic
def unfollow(*, user, kind, target):
    _require_member(user)
    if kind not in Follow.TARGETS:
        raise ValidationError(_("You cannot follow that."))
    deleted, _rows = Follow.objects.filter(user=user, **{kind: target}).delete()
    return bool(deleted)


@transaction.atomic
def set_preferences(*, user, digest, listed_as_expert):
    _require_member(user)
    if digest not in KnowledgePreferences.Frequency.values:
        raise ValidationError({"digest": [_("Choose how often to get the digest.")]})
    preferences, _created = KnowledgePreferences.objects.update_or_create(
        user=user, defaults={"digest": digest, "listed_as_expert": bool(listed_as_expert)}
    )
    return preferences


def set_digest(*, user, digest):
    """From the signed link in a digest, which needs no sign-in: only the digest
    choice changes."""
    if digest not in KnowledgePreferences.Frequency.values:
        raise ValidationError(_("Choose how often to get the digest."))
    KnowledgePreferences.objects.update_or_create(user=user, defaults={"digest": digest})


def unsubscribe(*, user):
    set_digest(user=user, digest=KnowledgePreferences.Frequency.OFF)


# --- asking an expert ---------------------------------------------------------------------


@transaction.atomic
def ask_expert(*, user, expert, topic, question):
    """Put a question to a colleague listed in the expert directory. They are told in
    the site and by e-mail."""
    _require_member(user)
    if expert.pk == user.pk:
        raise ValidationError(_("Ask a colleague, not yourself."))
    if not listed_experts().filter(pk=expert.pk).exists():
        raise PermissionDenied
    question = clean_text(question, limit=1500, required_message=_("Write your question."))
    topic = clean_text(topic, limit=80)
    take_turns(user)
    earlier = ExpertQuestion.objects.filter(
        asker=user, expert=expert, question=question, asked_at__gte=timezone.now() - DUPLICATE_WINDOW
    ).first()
    if earlier is not None:
        return earlier
    asked = ExpertQuestion.objects.create(asker=user, expert=expert, topic=topic, question=question)
    notify(
        recipient=expert,
        message=_("%(name)s asked you a question: %(question)s")
        % {"name": user.get_display_name(), "question": question[:120]},
        url=reverse("knowledge:questions") + f"#question-{asked.pk}",
        email_subject=_("%(name)s asked you a question") % {"name": user.get_display_name()},
        email_body=question,
    )
    return asked


@transaction.atomic
def answer_question(*, user, question, answer):
    question = ExpertQuestion.objects.select_for_update().select_related("asker").get(pk=question.pk)
    if not user.is_authenticated or question.expert_id != user.pk:
        raise PermissionDenied
    question.answer = clean_text(answer, limit=3000, required_message=_("Write your answer."))
    first_answer = question.answered_at is None
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answered_at"])
    if first_answer:
        notify(
            recipient=question.asker,
            message=_("%(name)s answered your question.") % {"name": user.get_display_name()},
            url=reverse("knowledge:questions") + f"#question-{question.pk}",
            email_subject=_("%(name)s answered your question") % {"name": user.get_display_name()},
            email_body=question.answer,
        )
    return question


# --- reading figures ----------------------------------------------------------------------


def record_page_use(*, page, from_search):
    """One more read of the page today, and one more reached from search when it was:
    one statement, an insert that adds to the day's row when it exists, so concurrent
    readers never lose a count."""
    insert_or_add(
        PageUseDay,
        [{"page": page.pk, "day": timezone.localdate(), "views": 1, "from_search": int(bool(from_search))}],
        unique=["page", "day"],
        add=["views", "from_search"],
    )
