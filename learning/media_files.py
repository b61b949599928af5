"""Serving lesson recordings with HTTP range requests, which a browser needs to seek in
a video and to resume it part-way. Django's own file serving answers whole files only;
this view answers byte ranges through the storage API, so it works the same on local
disk and on an object store. A proxy may still serve MEDIA_URL directly in production;
the player uses this address so seeking works everywhere, the development server and
the test server included."""

import mimetypes
import re

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from learning.models import LessonMedia

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 256 * 1024


def _chunks(file, remaining):
    try:
        while remaining > 0:
            data = file.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        file.close()


def _headers(response, content_type):
    response["Accept-Ranges"] = "bytes"
    response["Content-Type"] = content_type
    response["Cache-Control"] = "public, max-age=86400"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Content-Disposition"] = "inline"
    return response


@require_GET
def media_file(request, media_id, filename):
    media = get_object_or_404(LessonMedia, pk=media_id)
    if filename != media.filename:
        raise Http404
    storage, name = media.file.storage, media.file.name
    try:
        size = storage.size(name)
    except (OSError, NotImplementedError):
        raise Http404 from None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    match = RANGE.match(request.headers.get("Range", "").strip())
    if not match or not (match.group(1) or match.group(2)):
        return _headers(FileResponse(storage.open(name, "rb")), content_type)
    start, end = match.groups()
    if start:
        start, end = int(start), min(int(end) if end else size - 1, size - 1)
    else:  # the last N bytes
        start, end = max(size - int(end), 0), size - 1
    if start > end or start >= size:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    file = storage.open(name, "rb")
    file.seek(start)
    response = StreamingHttpResponse(_chunks(file, end - start + 1), status=206)
    response["Content-Length"] = str(end - start + 1)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return _headers(response, content_type)
