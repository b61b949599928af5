"""Checks on what editors upload for lessons: a file's bytes must be what its name
says, and within the size limits, before anything is stored."""

import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtailmedia.forms import BaseMediaForm

# The first bytes each playable format starts with (ISO BMFF, Matroska, Ogg, RIFF,
# MPEG audio with or without an ID3 tag).
SIGNATURES = {
    "mp4": lambda head: head[4:8] == b"ftyp",
    "m4a": lambda head: head[4:8] == b"ftyp",
    "webm": lambda head: head.startswith(b"\x1a\x45\xdf\xa3"),
    "ogg": lambda head: head.startswith(b"OggS"),
    "wav": lambda head: head.startswith(b"RIFF") and head[8:12] == b"WAVE",
    "mp3": lambda head: head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0),
}
MAX_CAPTIONS_BYTES = 1024 * 1024
CUE_TIMING = re.compile(r"^\s*(\d{2}:)?\d{2}:\d{2}\.\d{3}\s+-->\s+(\d{2}:)?\d{2}:\d{2}\.\d{3}")


def _head(upload, size=16):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def check_media_file(upload):
    """Raise ValidationError unless the upload is a playable format, as its name says,
    and within the size limit."""
    limit = settings.LESSON_MEDIA_MAX_UPLOAD_SIZE
    if upload.size > limit:
        raise forms.ValidationError(
            _(
                "This file is %(size)s; videos and audio may be at most %(limit)s. Compress it (for example "
                "720p H.264) and upload it again."
            )
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    signature = SIGNATURES.get(extension)
    if signature is None or not signature(_head(upload)):
        raise forms.ValidationError(
            _(
                "This file is not a playable %(format)s recording. Upload an MP4 or WebM video, or an MP3, M4A, "
                "OGG or WAV recording."
            )
            % {"format": extension.upper() or _("media")}
        )


def check_captions_file(upload):
    if upload.size > MAX_CAPTIONS_BYTES:
        raise forms.ValidationError(_("A captions file may be at most 1 MB."))
    try:
        text = _head(upload, MAX_CAPTIONS_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise forms.ValidationError(_("Captions must be a WebVTT file saved as UTF-8.")) from error
    if not text.startswith("WEBVTT") or not any(CUE_TIMING.match(line) for line in text.splitlines()):
        raise forms.ValidationError(
            _(
                "This is not a WebVTT captions file: it must start with WEBVTT and have cues such as "
                "00:00:01.000 --> 00:00:04.000."
            )
        )


@dataclass(frozen=True)
class Cue:
    start: float
    text: str

    @property
    def clock(self):
        minutes, seconds = divmod(int(self.start), 60)
        return f"{minutes}:{seconds:02d}"


def _seconds(stamp):
    parts = [float(part) for part in stamp.split(":")]
    return sum(value * 60**power for power, value in enumerate(reversed(parts)))


def webvtt_cues(text):
    """The cues of a WebVTT file as (start, text), without headers, notes or markup."""
    cues, skipping, current = [], False, None
    for raw in text.lstrip("\ufeff").splitlines():
        line = raw.strip()
        if not line:
            skipping, current = False, None
            continue
        if line.startswith(("WEBVTT", "NOTE", "STYLE", "REGION")):
            skipping = True
        if skipping:
            continue
        timing = CUE_TIMING.match(line)
        if timing:
            current = Cue(start=_seconds(line.split("-->")[0].strip()), text="")
            cues.append(current)
            continue
        if current is None:
            continue  # a cue identifier
        cleaned = re.sub(r"<[^>]+>", "", line)
        cues[-1] = current = Cue(start=current.start, text=f"{current.text} {cleaned}".strip())
    return [cue for cue in cues if cue.text]


def webvtt_text(text):
    """The spoken text of a WebVTT file, one cue per line."""
    return "\n".join(cue.text for cue in webvtt_cues(text))


class LessonMediaForm(BaseMediaForm):
    """wagtailmedia's form, refusing what a browser could not play before it is stored."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            check_media_file(upload)
        return upload

    def clean_captions(self):
        upload = self.cleaned_data.get("captions")
        if upload and hasattr(upload, "content_type"):
            check_captions_file(upload)
        return upload
