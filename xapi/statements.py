"""xAPI 1.0.3 statements from what happened here: who (an agent identified by their
employee number, the key HR and single sign-on share), did what (a verb), to what (an
activity), with what result. Plain data in, a JSON-ready dict out; the apps that know
the domain decide what to say."""

import uuid

from django.conf import settings

from xapi.vocabulary import activity_type, own_iri

VERSION = "1.0.3"
# Language tags the LRS reads (RFC 5646) for the site's languages.
LANGUAGE_TAGS = {"zh-hans": "zh-CN", "en": "en-US"}
# Statement ids of events that happen once (a course completed, a certificate earned)
# are derived from what happened, and from the site (two sites sending to one LRS have
# their own course number 7), so recording the same event twice keeps one row.
ID_NAMESPACE = uuid.UUID("5b0c3c4e-6f7e-4a53-9c57-2a0f3e8c1d20")


def language_tag(language_code):
    return LANGUAGE_TAGS.get(language_code, language_code)


def statement_id(key=None):
    return uuid.uuid5(ID_NAMESPACE, own_iri(key)) if key else uuid.uuid4()


def agent(user):
    """The person, by account: the employee number when HR gave one, otherwise a
    stable id of ours (never the e-mail address, which people change)."""
    return {
        "objectType": "Agent",
        "name": user.get_full_name() or user.get_username(),
        "account": {
            "homePage": settings.XAPI_ACCOUNT_HOMEPAGE or settings.WAGTAILADMIN_BASE_URL,
            "name": user.employee_number or f"user-{user.pk}",
        },
    }


def activity(*, path, kind, name=None, names=None, url=None, description=None):
    """`name` in the site's language (what editors and people write here), or `names`
    mapping Django language codes to the name in each."""
    names = names or {settings.LANGUAGE_CODE: name}
    definition = {
        "type": activity_type(kind),
        "name": {language_tag(code): name for code, name in names.items() if name},
    }
    if description:
        definition["description"] = {language_tag(code): text for code, text in description.items() if text}
    if url:
        definition["moreInfo"] = url
    return {"objectType": "Activity", "id": own_iri(path), "definition": definition}


def page_kind(page):
    """ "course" for a CoursePage, "lesson" for a LessonPage: ADL's types where they
    exist, ours for the rest."""
    model = page.specific_class or type(page)
    name = model._meta.model_name
    return name.removesuffix("page") or name


def page_activity(page, *, kind=None):
    """A Wagtail page as an activity. Its id is the page's id, which survives a new
    title or a moved page; `moreInfo` is where it is today. Pages are written in the
    site's language (one locale)."""
    return activity(
        path=f"pages/{page.pk}",
        kind=kind or page_kind(page),
        name=page.title,
        url=page.get_full_url(),
    )


def duration(delta):
    """An ISO 8601 duration, as xAPI wants it."""
    seconds = max(delta.total_seconds(), 0)
    return f"PT{seconds:.2f}S"


def extension(name):
    return own_iri(f"extensions/{name}")


def build(*, actor, verb, obj, key=None, timestamp, result=None, parents=(), instructor=None, extensions=None):
    context = {"platform": settings.XAPI_PLATFORM, "language": language_tag(settings.LANGUAGE_CODE)}
    if parents:
        context["contextActivities"] = {"parent": list(parents)}
    if instructor is not None:
        context["instructor"] = agent(instructor)
    if extensions:
        context["extensions"] = {extension(name): value for name, value in extensions.items()}
    statement = {
        "id": str(statement_id(key)),
        "actor": agent(actor),
        "verb": verb.as_json(),
        "object": obj,
        "context": context,
        "timestamp": timestamp.isoformat(),
        "version": VERSION,
    }
    if result:
        statement["result"] = result
    return statement
