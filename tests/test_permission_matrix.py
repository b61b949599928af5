"""Every route of the URL conf, site and Wagtail admin (choosers, snippet views, reports
and exports included), requested by every role: each gets the outcome written here.
A route the table does not cover fails the test, so a new view cannot slip past it.

Outcomes are ALLOW (the page, a download, or the action's own redirect) and REFUSED
(sign-in, 403, 404, or Wagtail's "no permission" bounce to the dashboard). Any 500
fails whatever was expected. POST-only routes are posted to empty: refusal comes
before validation, so an allowed role gets the form's own answer, never a refusal.
"""

import re

import pytest
from django.db import connection, transaction
from django.test import Client

from accounts.middleware import pending_step
from accounts.models import User
from tests.routes import all_routes
from tests.world import ROLES

pytestmark = pytest.mark.permission_matrix

ANYONE = frozenset(ROLES)
SIGNED_IN = ANYONE - {"anonymous"}
STAFF = frozenset({"director", "other_director", "editor", "assessor", "admin"})
EDITORS = frozenset({"editor", "admin"})
ADMINS = frozenset({"admin"})
NOBODY = frozenset()
MISSING = 987654321  # an id no object has

# Site routes: who may use each, by name.
SITE = {
    "health_check": ANYONE,
    "error_check": NOBODY,  # only with the operator's token
    "readiness_check": ANYONE,
    "wagtaildocs_serve": ANYONE,
    "set_language": ANYONE,
    "javascript-catalog": ANYONE,
    "accounts:login": ANYONE,
    # Single sign-on is off here (404 for all); tests/accounts/test_sso.py covers it on.
    "accounts:sso": NOBODY,
    "accounts:sso_callback": NOBODY,
    "accounts:logout": ANYONE,
    "accounts:password_change": SIGNED_IN,
    "accounts:profile": SIGNED_IN,
    "accounts:two_factor_verify": SIGNED_IN,
    "accounts:two_factor_setup": STAFF,
    "accounts:two_factor_off": SIGNED_IN,
    "core:helpful": SIGNED_IN,
    "core:comment": SIGNED_IN,
    "core:edit_comment": {"learner"},
    "core:delete_comment": {"learner"},
    "core:report_comment": SIGNED_IN - {"learner"},
    "core:hide_comment": EDITORS,
    "core:notifications": SIGNED_IN,
    "learning:my_learning": SIGNED_IN,
    "learning:enrol": SIGNED_IN,
    "learning:complete_lesson": SIGNED_IN,
    # A learner answers a lesson's check, records viewing and courseware progress for
    # themselves only: every request acts on the signed-in person's own record.
    "learning:answer_check": SIGNED_IN,
    "learning:media_viewing": SIGNED_IN,
    "learning:courseware_commit": SIGNED_IN,
    # Only a signed launch address opens courseware; a made-up one is refused to all.
    "learning:courseware_file": NOBODY,
    # Recordings are public lesson content, like images and documents.
    "learning:media_file": ANYONE,
    "capture:share": SIGNED_IN,
    "capture:autosave_new": SIGNED_IN,
    "capture:mine": SIGNED_IN,
    # 陈晓's draft: hers alone, not her director's, not the reviewers' or the admins'.
    "capture:detail": {"learner"},
    "capture:edit": {"learner"},
    "capture:autosave": {"learner"},
    "capture:delete": {"learner"},
    "capture:recommend": {"director", "other_director"},  # for a team they lead
    "competencies:profile": SIGNED_IN,
    "competencies:person_profile": {"learner", "director", "admin"},
    "competencies:self_assessment": SIGNED_IN,
    "competencies:plan": SIGNED_IN,
    "competencies:suggest": SIGNED_IN,
    "competencies:add": SIGNED_IN,
    "competencies:drop": {"learner"},
    "competencies:move": {"learner"},
    "competencies:done": {"learner"},
    "competencies:assign": {"director", "other_director", "admin"},
    # A member's own director (or an admin) reminds them; nobody reminds themselves.
    "competencies:remind": {"director", "admin"},
    "team_dashboards:list": SIGNED_IN,
    "learning_map": SIGNED_IN,
    "team_dashboards:dashboard": {"director", "admin"},
    "team_dashboards:export": {"director", "admin"},
    "cases:team_discussion": {"director", "other_director"},
    "quizzes:start": SIGNED_IN,
    "quizzes:take": {"learner"},
    "quizzes:autosave": {"learner"},
    "quizzes:result": {"learner"},  # still in progress: only its taker, sent on to it
    "quizzes:grading": {"assessor", "admin"},
    "quizzes:grade": {"assessor", "admin"},
    "quizzes:sign_offs": {"director", "other_director", "assessor", "admin"},
    "quizzes:sign_off": {"director", "admin"},
    "quizzes:my_certificates": SIGNED_IN,
    "quizzes:mistakes": SIGNED_IN,
    "quizzes:verify_form": ANYONE,
    "quizzes:verify": ANYONE,
    "quizzes:certificate": {"learner", "editor", "assessor", "admin"},
    # Applying lessons, counter-experiences, following, experts: any signed-in person,
    # each acting for themselves; an application's outcome and an answer are their own.
    "knowledge:apply": SIGNED_IN,
    "knowledge:outcomes": SIGNED_IN,
    "knowledge:add_note": SIGNED_IN,
    "knowledge:report_outcome": {"learner"},
    "knowledge:handle_note": EDITORS,
    "knowledge:following": SIGNED_IN,
    "knowledge:follow": SIGNED_IN,
    # The signed link in a digest e-mail works without signing in.
    "knowledge:unsubscribe": ANYONE,
    "knowledge:experts": SIGNED_IN,
    "knowledge:ask": SIGNED_IN - {"learner"},  # asking 陈晓; nobody asks themselves
    "knowledge:questions": SIGNED_IN,
    "knowledge:answer": {"learner"},  # a question put to 陈晓
    "knowledge:rankings": SIGNED_IN,
    "knowledge:reuse": {"director", "other_director", "editor", "admin"},
    # The read-only API answers bearer tokens only: a signed-in browser session is
    # refused like anyone else (tests/api covers tokens and their scopes). Its
    # description is public, as API documentation is.
    "wagtailapi_v3:openapi-json": ANYONE,
    "wagtailapi_v3:api-root": NOBODY,
    "wagtailapi_v3:list_pages": NOBODY,
    "wagtailapi_v3:detail_page": NOBODY,
    "wagtailapi_v3:completions": NOBODY,
    "wagtailapi_v3:certificates": NOBODY,
    "search": ANYONE,
    "search_suggestions": ANYONE,
    # Wagtail's own sign-in form is never served: everyone is sent on to ours, which
    # this table reads as a refusal (tests/accounts/test_sign_in_protection.py).
    "wagtailcore_login": NOBODY,
    "wagtail_serve": ANYONE,
}

# Routes that cannot be requested meaningfully, and why. Kept short on purpose.
NOT_REQUESTED = {
    "wagtaildocs_authenticate_with_password": "needs a password-protected collection; Wagtail's own form",
    "wagtailcore_authenticate_with_password": "needs a password-protected page; Wagtail's own form",
    "wagtailadmin_password_reset_confirm": "password reset is turned off; the link needs a real token",
}

# Directors write case studies in the admin (cases/workflow.py): they browse pages and
# add documents and images, and see what waits in their own workflows.
AUTHORS = EDITORS | {"director", "other_director"}
BANK_READERS = {"editor", "assessor", "admin"}
# Public content (pages, files, the competency model, taxonomy, certifications, the
# search dictionary) may be picked by anyone who works in the admin; private rows
# (experiences, comments, certificates, questions, grades, accommodations) may not.
PUBLIC_SNIPPETS = (
    r"(core_industry|core_product|core_searchterm|core_synonymgroup|competencies_competency"
    r"|competencies_proficiencylevel|competencies_jobgrade|quizzes_certification|quizzes_questioncategory)"
)

# Admin routes, by the first rule whose pattern matches the route name.
ADMIN_RULES = [
    # Ends on the site's sign-in page, or is turned off.
    (r"^wagtailadmin_(password_reset|login$|logout$)", NOBODY),
    (r"^wagtailadmin_error_test$", NOBODY),
    (r"^wagtailadmin_(javascript_catalog|sprite)$", ANYONE),
    # Asked with an object the view does not take (a page that is no alias, the root
    # collection, a page type for a task): 404 for everyone, and never a 500.
    (r"^wagtailadmin_pages:(convert_alias|workflow_action|collect_workflow_action_data|workflow_preview)$", NOBODY),
    (r"^wagtailadmin_pages:workflow_history_detail$", NOBODY),
    (r"^wagtailadmin_collections:(edit|delete)$", NOBODY),
    (r"^wagtailadmin_workflows:(add_task|task_chosen)$", NOBODY),
    (r"^wagtailadmin_(tag_model_autocomplete|block_preview)$", NOBODY),
    (r"^wagtailforms:(list_submissions|delete_submissions)", NOBODY),  # not a form page
    (r"^wagtailsnippetchoosers_capture_experience:chosen$", NOBODY),  # a draft
    (r"^wagtail_bulk_action$", NOBODY),
    (r"^wagtailsnippets:index$", NOBODY),  # every snippet sits in its own menu group
    (r"_quizzes_question:revisions_(view|revert)$", NOBODY),  # a page's revision id
    # Private rows: the same permission as their list, choosers included.
    (r"_persongrade:", ADMINS),
    # Written on the site or issued by the rules, never created in the admin.
    (r"_(capture_experience|quizzes_certificate|core_comment):(add|copy|create)$", NOBODY),
    (r"^wagtailsnippets_capture_experience:(?!list|list_results)", NOBODY),  # a draft
    (r"_capture_experience:", EDITORS),
    (r"_core_comment:(delete|edit|history|history_results|usage)$", ADMINS),
    (r"_core_comment:", EDITORS),
    (r"_quizzes_certificate:delete$", ADMINS),
    (r"_quizzes_certificate:", BANK_READERS),
    (r"_quizzes_quizoverride:delete$", EDITORS),
    (r"_quizzes_quizoverride:", BANK_READERS),
    (r"_quizzes_question:(list|choose|chosen|export|inspect)", BANK_READERS),
    (r"_quizzes_question:", EDITORS),
    (rf"^wagtailsnippetchoosers_{PUBLIC_SNIPPETS}:(?!create)", STAFF),
    (r"^wagtailsnippetchoosers_learning_scormpackage:(?!create)", STAFF),
    # wagtailmedia lists media in its chooser to anyone in the admin, but hands one over
    # only to those who may use media (its own rule); the list shows titles only.
    (r"^wagtailmedia:(chooser|chooser_typed)$", STAFF),
    (r"_(core|competencies|quizzes|learning)_\w+:", EDITORS),
    # Video and audio for lessons (wagtailmedia): editors keep them, as images and files.
    (r"^wagtailmedia", EDITORS),
    (r"^teams:(index|index_results)$", ADMINS | {"director", "other_director"}),
    (r"^(wagtailusers_|wagtailsites|wagtailadmin_collections|regions|teams)", ADMINS),
    (r"^wagtailadmin_workflows:(?!task_chooser)", ADMINS),
    (r"^(wagtailredirects|wagtailsearchpromotions:search_terms)", ADMINS),
    (r"^wagtailforms:", AUTHORS),
    (r"^wagtailadmin_workflows:task_chooser", STAFF),
    (r"^wagtailadmin_pages:(add|preview_on_add)$", AUTHORS),
    (r"^wagtailadmin_reports:locked_pages", EDITORS),
    # Choosing public content.
    (
        r"^(wagtailadmin_choose_page|wagtailimages_chooser:(?!create)|wagtaildocs_chooser:(?!create)|wagtailembeds)",
        STAFF,
    ),
    (r"^(wagtailsearchpromotions:chooser|wagtailadmin_api:(documents|images))", STAFF),
    (r"^wagtailadmin_pages:(choose_parent|confirm_workflow_cancellation|move_confirm|revisions_index)$", STAFF),
    (r"^wagtailadmin_api:pages:listing$", STAFF),
    # Writing cases.
    (r"^(wagtailadmin_explore|wagtailadmin_pages:(search|type_use)|wagtailadmin_api:pages:find)", AUTHORS),
    (r"^(wagtaildocs|wagtailimages):(add|add_multiple|index|index_results)$", AUTHORS),
    (r"^(wagtaildocs_chooser|wagtailimages_chooser):create$", AUTHORS),
    (r"^wagtailadmin_reports:(aging_pages|workflow)", AUTHORS),
    (r"^wagtailadmin_reports:page_types_usage", AUTHORS),
    (r"^(wagtailadmin_pages|wagtailadmin_api|wagtailimages|wagtaildocs|wagtailsearchpromotions)", EDITORS),
    (r"^accounts_sign_in_security$", ADMINS),
    # HR's staff list: administrators, or whoever they grant hr.add_peopleimport.
    (r"^hr_import", ADMINS),
    # The outbox of learning records and sending refused ones again.
    (r"^xapi_", ADMINS),
    (r"^question_statistics", BANK_READERS),
    (r"^(course_enrolment|search_terms_report|search_explain)", EDITORS),
    # Content reviews: confirming, retiring, flagging a tag, handing content over.
    (r"^knowledge_", EDITORS),
    (r"^wagtailsettings:", EDITORS),
    (r"^wagtailadmin_reports:", STAFF),
    (r"^wagtailadmin_", STAFF),
]

# Releasing an editing session that is already gone does nothing, and says so.
MISSING_IS_A_NO_OP = {"wagtailadmin_editing_sessions:release"}

# Empty POSTs that would only say "nothing to act on"; these carry what a form sends.
POST_DATA = {
    "competencies:add": lambda world: {"page": world.course.pk},
}


def expected_roles(route):
    if route.name in SITE:
        return frozenset(SITE[route.name])
    if route.pattern.startswith("admin/"):
        for pattern, roles in ADMIN_RULES:
            if re.search(pattern, route.name):
                return frozenset(roles)
    return None


def test_every_route_has_an_expectation():
    missing = [
        route.name for route in all_routes() if route.name not in NOT_REQUESTED and expected_roles(route) is None
    ]
    assert missing == []


def outcome(response):
    status = response.status_code
    if status >= 500:
        return "ERROR"
    if status in (401, 403, 404, 405, 410):
        return "REFUSED"
    if status in (301, 302, 303):
        location = response["Location"]
        if "/accounts/login/" in location or location.rstrip("/").endswith("/admin") or "/two-step/" in location:
            return "REFUSED"
    return "ALLOW"


# Two halves of the roles, so the suite's workers can share the work.
ROLE_HALVES = [list(ROLES)[:4], list(ROLES)[4:]]


@pytest.mark.parametrize("roles", ROLE_HALVES, ids=["first-four-roles", "last-four-roles"])
def test_each_role_gets_exactly_what_the_table_says(world, roles):
    wrong, tried = [], 0
    for role in roles:
        username = ROLES[role]
        client = Client(raise_request_exception=False)
        if username:
            sign_in_once(client, User.objects.get(username=username))
        for route in all_routes():
            if route.name in NOT_REQUESTED:
                continue
            allowed = expected_roles(route)
            for path in paths_for(route, world):
                tried += 1
                got = request(client, path, POST_DATA.get(route.name, lambda world: {})(world))
                # An object that does not exist is refused to everyone alike.
                missing = str(MISSING) in path and route.name not in MISSING_IS_A_NO_OP
                want = "ALLOW" if role in allowed and not missing else "REFUSED"
                if got != want:
                    wrong.append(f"{role:14} {route.name} {path}: want {want}, got {got}")
    print(f"{tried} requests")
    assert wrong == [], f"{len(wrong)} of {tried}:\n" + "\n".join(wrong)


def sign_in_once(client, user):
    """Signed in, with the second step of sign-in settled as a person's first page
    settles it (accounts.middleware): every request below is rolled back, which would
    otherwise forget that and ask the database again on each of thousands of requests."""
    client.force_login(user)
    session = client.session
    if pending_step(session, user) is None:
        session.save()


def request(client, path, data):
    """GET, or an empty POST where the route takes only POSTs; each in a savepoint
    rolled back after it, so one route's action never changes what the next sees."""
    cookies = client.cookies.__class__(client.cookies)
    with transaction.atomic():
        response = client.get(path)
        if response.status_code == 405:
            response = client.post(path, data)
        result = outcome(response)
        transaction.set_rollback(True)
    # Signing out, or the second step of sign-in, hands the browser another session.
    client.cookies = cookies
    connection.queries_log.clear()
    return result


def paths_for(route, world):
    explicit = EXPLICIT_PATHS.get(route.name)
    if explicit:
        return [explicit(world)]
    return [route.path(arguments_for(route, world))]


def _snippet(route, world):
    match = re.match(r"wagtailsnippets_(\w+?)_(\w+):", route.name)
    match = match or re.match(r"wagtailsnippetchoosers_(\w+?)_(\w+):", route.name)
    if match:
        return world.snippets.get(f"{match.group(1)}_{match.group(2)}")
    namespace = route.name.split(":")[0]
    return world.models.get(namespace)


def arguments_for(route, world):
    owned = {
        "page_id": world.lesson.pk,
        "parent_page_id": world.lesson.get_parent().pk,
        "page_to_move_id": world.lesson.pk,
        "destination_id": world.lesson.get_parent().pk,
        "page_pk": world.lesson.pk,
        "revision_id": world.revision.pk,
        "comment_id": world.comment.pk,
        "experience_id": world.draft.pk,
        "item_id": world.plan_item.pk,
        "attempt_id": world.attempt.pk,
        "lesson_id": world.lesson.pk,
        "course_id": world.course.pk,
        "team_id": world.team.pk,
        "user_id": world.learner.pk,
        "case_id": world.case.pk,
        "quiz_id": world.quiz.pk,
        "answer_id": world.answer.pk,
        "sign_off_id": world.sign_off.pk,
        "code": world.certificate.code,
        "document_id": world.document.pk,
        "doc_id": world.document.pk,
        "image_id": MISSING,
        "uploaded_file_id": MISSING,
        "task_state_id": MISSING,
        "workflow_state_id": MISSING,
        "task_id": MISSING,
        "session_id": MISSING,
        "query_id": MISSING,
        "redirect_id": MISSING,
        "collection_id": world.models["wagtailadmin_collections"].pk,
        "action_name": "approve",
        "action": "delete",
        "filter_spec": "original",
        "content_type_app_name": "cases",
        "content_type_model_name": "casestudypage",
        "app_label": "cases",
        "model_name": "casestudypage",
        "app_name": "taggit",
        "object_id": world.lesson.pk,
        "application_id": world.application.pk,
        "note_id": world.field_note.pk,
        "question_id": world.question.pk,
        "token": world.unsubscribe_token,
    }
    if route.name in ("wagtailadmin_pages:add", "wagtailadmin_pages:preview_on_add"):
        owned["parent_page_id"] = world.case.get_parent().pk
    if route.name == "capture:recommend":
        owned["lesson_id"] = world.lesson.pk
    if route.name.startswith("learning:") and "lesson_id" in route.parameters:
        owned["lesson_id"] = world.course_lesson.pk
    owned.update(media_id=world.media.pk, package_id=world.package.pk, block_id="matrix-check")
    if "pk" in route.parameters:
        instance = _snippet(route, world)
        owned["pk"] = instance.pk if instance is not None else MISSING
    if route.name.startswith("wagtailsnippets_quizzes_question:import_") and "pk" in route.parameters:
        owned["pk"] = world.question_import.pk
    if route.name.startswith("hr_import") and "pk" in route.parameters:
        owned["pk"] = world.people_import.pk
    return owned


EXPLICIT_PATHS = {
    # The address without an id redirects anyone to the one with it, which checks.
    "wagtailsettings:edit": lambda world: (
        f"/admin/settings/knowledge/knowledgesettings/{world.knowledge_settings.pk}/"
    ),
    "wagtailmedia:add": lambda world: "/admin/media/video/add/",
    "wagtailmedia:chooser_typed": lambda world: "/admin/media/chooser/video/",
    "wagtailmedia:chooser_upload": lambda world: "/admin/media/video/chooser/upload/",
    "learning:courseware_file": lambda world: "/learning/courseware/not-a-signed-launch/index.html",
    "learning:media_file": lambda world: world.media.play_url,
    "wagtaildocs_serve": lambda world: world.document.url,
    "wagtail_serve": lambda world: world.lesson.url,
    "wagtailadmin_pages:revisions_compare": lambda world: (
        f"/admin/pages/{world.lesson.pk}/revisions/compare/earliest...latest/"
    ),
    "wagtailsnippets_quizzes_question:revisions_compare": lambda world: (
        f"/admin/snippets/quizzes/question/history/{world.snippets['quizzes_question'].pk}/revisions/compare/earliest...latest/"
    ),
    "wagtailadmin_api:pages:listing": lambda world: "/admin/api/main/pages/",
    "wagtailadmin_api:pages:detail": lambda world: f"/admin/api/main/pages/{world.lesson.pk}/",
    "wagtailadmin_api:pages:find": lambda world: "/admin/api/main/pages/find/?html_path=/",
    "wagtailadmin_api:pages:action": lambda world: f"/admin/api/main/pages/{world.lesson.pk}/action/copy/",
    "wagtailadmin_api:documents:listing": lambda world: "/admin/api/main/documents/",
    "wagtailadmin_api:documents:detail": lambda world: f"/admin/api/main/documents/{world.document.pk}/",
    "wagtailadmin_api:documents:find": lambda world: f"/admin/api/main/documents/find/?id={world.document.pk}",
    "wagtailadmin_api:images:listing": lambda world: "/admin/api/main/images/",
    "wagtailadmin_api:images:detail": lambda world: f"/admin/api/main/images/{MISSING}/",
    "wagtailadmin_api:images:find": lambda world: f"/admin/api/main/images/find/?id={MISSING}",
}
