"""Documents must be what their name says: a "PDF" that is not a PDF would break the
lesson viewer and mislead whoever downloads it. Wagtail checks the extension only."""

from django import forms
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

# Office files are zip containers; a PDF starts with its version header.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04", b"PK\x05\x06"),
}


def check_document_file(upload):
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    signatures = SIGNATURES.get(extension)
    if not signatures:
        return
    upload.seek(0)
    # Some PDF writers put a few bytes before the header; readers accept up to 1 KB.
    head = upload.read(1024)
    upload.seek(0)
    matches = head.find(signatures[0]) != -1 if extension == "pdf" else head.startswith(signatures)
    if not matches:
        raise forms.ValidationError(
            _(
                "This file is not a real %(format)s file, although its name ends in .%(extension)s. Export it again "
                "from the program that made it and upload that."
            )
            % {"format": extension.upper(), "extension": extension}
        )


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            check_document_file(upload)
        return upload
