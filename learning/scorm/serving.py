"""Serving a package's files to the player's frame.

Each launch gets a signed address naming the learner, lesson, package and SCO; the
package's relative links resolve under it, so the frame needs no cookie. Every file is
served with a Content-Security-Policy whose `sandbox` gives the document an opaque
origin, even if someone opens it outside the player: it cannot read our cookies, call
our pages or touch the lesson page. It reaches the SCORM runtime in the lesson page only
through scorm-again's postMessage bridge, which we add to each HTML file we serve.
"""

import mimetypes
import posixpath

from django.contrib.auth import get_user_model
from django.core import signing
from django.http import FileResponse, Http404, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import escape, json_script
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from learning.models import LessonPage, ScormAttempt, ScormPackage, courseware_storage
from learning.scorm.runtime import resume_cmi

SALT = "learning.scorm.launch"
# A launch address stays valid for a working day; reopening the lesson signs a new one.
LAUNCH_MAX_AGE = 12 * 3600
CONTENT_POLICY = "; ".join(
    (
        "sandbox allow-scripts allow-forms allow-popups",
        "default-src 'self'",
        # Authoring tools write inline scripts and handlers, and some evaluate strings.
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "font-src 'self' data:",
        "connect-src 'none'",
        "form-action 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'self'",
    )
)
HTML_TYPES = {"text/html", "application/xhtml+xml"}


def launch_url(*, user, lesson, package, sco):
    """The address that starts one SCO for one learner."""
    item = package.item(sco)
    token = signing.dumps({"u": user.pk, "l": lesson.pk, "p": package.pk, "s": sco}, salt=SALT, compress=True)
    path, _sep, query = item["href"].partition("?")
    url = reverse("learning:courseware_file", args=[token, path])
    return f"{url}?{query}" if query else url


def _launch(token):
    try:
        return signing.loads(token, salt=SALT, max_age=LAUNCH_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None


def _bridge(request, launch, package):
    """What goes at the top of every HTML file: the learner's saved run data, and the
    bridge that stands in for the SCORM API inside the sandbox."""
    attempt = ScormAttempt.objects.filter(
        user_id=launch["u"], lesson_id=launch["l"], package=package, sco=launch["s"]
    ).first()
    user = get_user_model().objects.filter(pk=launch["u"], is_active=True).first()
    if user is None:
        raise Http404
    state = resume_cmi(package.version, attempt, user=user)
    origin = f"{request.scheme}://{request.get_host()}"
    bridge = escape(static("learning/vendor/scorm-again/cross-frame-api.min.js"))
    frame = escape(static("learning/js/scorm-frame.js"))
    return (
        json_script(state, "academy-scorm-state")
        + f'<script src="{bridge}"></script>'
        + f'<script src="{frame}" data-lms-origin="{escape(origin)}" data-scorm-version="{escape(package.version)}">'
        + "</script>"
    )


def _inject(html, bridge):
    lower = html[:4096].lower()
    head = lower.find("<head")
    if head != -1:
        close = lower.find(">", head)
        if close != -1:
            return html[: close + 1] + bridge + html[close + 1 :]
    doctype_end = lower.find(">") + 1 if lower.lstrip().startswith("<!doctype") else 0
    return html[:doctype_end] + bridge + html[doctype_end:]


@require_GET
@xframe_options_sameorigin
def courseware_file(request, token, path):
    launch = _launch(token)
    package = ScormPackage.objects.filter(pk=launch["p"]).first()
    if package is None or package.item(launch["s"]) is None:
        raise Http404
    if not LessonPage.objects.live().filter(pk=launch["l"]).exists():
        raise Http404
    path = posixpath.normpath(path)
    if path.startswith(("../", "/")) or path in {"..", "."}:
        raise Http404
    storage = courseware_storage()
    name = f"{package.folder}/{path}"
    if not storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    try:
        file = storage.open(name, "rb")
    except (IsADirectoryError, PermissionError, FileNotFoundError):
        raise Http404 from None
    if content_type in HTML_TYPES:
        with file:
            html = file.read().decode("utf-8", errors="replace")
        response = HttpResponse(
            _inject(html, _bridge(request, launch, package)), content_type=f"{content_type}; charset=utf-8"
        )
        response["Cache-Control"] = "private, no-store"
    else:
        response = FileResponse(file, content_type=content_type)
        response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = CONTENT_POLICY
    response["Referrer-Policy"] = "same-origin"
    return response
