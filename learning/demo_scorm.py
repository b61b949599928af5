"""The two SCORM packages the demo plays, built from the files in demo_media/: a SCORM
1.2 self-check on the seven-step method, and a SCORM 2004 package with two parts (a
reading and a check) on who leads each sales stage. Both report a score, so the whole
path from upload to evidence works offline. Tests build them the same way."""

import io
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

MEDIA = Path(__file__).resolve().parent / "demo_media"
PACKAGES = {
    "scorm12": "七步法自测（SCORM 1.2）",
    "scorm2004": "售前、售中、售后：谁来牵头（SCORM 2004）",
}


def package_zip(name):
    """The package `name` ("scorm12" or "scorm2004") as an uploaded zip file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        files = {path.name: path for path in sorted((MEDIA / "common").iterdir())}
        files.update({path.name: path for path in sorted((MEDIA / name).iterdir())})
        for file_name, path in sorted(files.items()):
            archive.write(path, file_name)
    return SimpleUploadedFile(f"{name}.zip", buffer.getvalue(), content_type="application/zip")
