"""Unpacking an uploaded SCORM zip safely: every entry is checked before one byte is
written (no path outside its folder, no links, limits on size, file count and
compression ratio), then the files go through the courseware storage, so an object
store can replace the disk. Nothing is ever executed on the server; the files are only
served back to the sandboxed player."""

import posixpath
import stat
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from learning.scorm.manifest import MANIFEST, parse_manifest

# A real package compresses text well, but a member that inflates more than this is a
# zip bomb, not courseware.
MAX_RATIO = 200


@dataclass
class CheckedPackage:
    manifest: object
    members: list  # (ZipInfo, path relative to the manifest's folder)
    unpacked_bytes: int


def _safe_name(name):
    name = name.replace("\\", "/")
    if "\x00" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    normal = posixpath.normpath(name)
    if normal == ".." or normal.startswith("../"):
        return None
    return normal


def check_package(upload):
    """Open and check an uploaded zip; return a CheckedPackage or raise ValidationError."""
    if upload.size > settings.SCORM_MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("This zip is %(size)s; a SCORM package may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.SCORM_MAX_UPLOAD_SIZE)}
        )
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ValidationError(
            _("This file is not a zip archive. A SCORM package is a .zip with imsmanifest.xml at its top.")
        ) from error
    if len(infos) > settings.SCORM_MAX_FILES:
        raise ValidationError(
            _("This zip holds %(count)s files; a package may hold at most %(limit)s.")
            % {"count": len(infos), "limit": settings.SCORM_MAX_FILES}
        )
    total = 0
    files = []
    for info in infos:
        name = _safe_name(info.filename)
        if name is None:
            raise ValidationError(
                _(
                    "The zip entry “%(name)s” would be written outside the package's folder, so the package was "
                    "refused."
                )
                % {"name": info.filename}
            )
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ValidationError(
                _("The zip holds a link (“%(name)s”); packages may hold only files.") % {"name": name}
            )
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise ValidationError(_("The zip is password-protected; upload it without encryption."))
        total += info.file_size
        if info.file_size > MAX_RATIO * max(info.compress_size, 1) and info.file_size > 1024 * 1024:
            raise ValidationError(
                _("“%(name)s” inflates from %(packed)s to %(size)s: this looks like a zip bomb and was refused.")
                % {"name": name, "packed": filesizeformat(info.compress_size), "size": filesizeformat(info.file_size)}
            )
        if total > settings.SCORM_MAX_UNPACKED_SIZE:
            raise ValidationError(
                _("Unpacked, this zip would take more than %(limit)s; a package may be at most that.")
                % {"limit": filesizeformat(settings.SCORM_MAX_UNPACKED_SIZE)}
            )
        files.append((info, name))
    root = _manifest_folder([name for _info, name in files])
    members = [(info, name[len(root) :]) for info, name in files if name.startswith(root)]
    manifest_info = next(info for info, name in members if name == MANIFEST)
    manifest = parse_manifest(_read(archive, manifest_info), names={name for _info, name in members})
    return CheckedPackage(manifest=manifest, members=members, unpacked_bytes=total)


def _manifest_folder(names):
    """ "" when imsmanifest.xml is at the top, or the one folder that wraps the whole
    package (some tools zip the folder rather than its contents)."""
    if MANIFEST in names:
        return ""
    nested = [name[: -len(MANIFEST)] for name in names if name.endswith("/" + MANIFEST) and name.count("/") == 1]
    if len(nested) == 1:
        return nested[0]
    if "cmi5.xml" in names:
        raise ValidationError(
            _(
                "This is a cmi5 package. cmi5 needs a learning record store to launch, which this site does not "
                "offer yet; export the course as SCORM 1.2 or SCORM 2004 instead."
            )
        )
    raise ValidationError(
        _(
            "This zip has no imsmanifest.xml at its top, so it is not a SCORM package. Export the course from its "
            "authoring tool as SCORM 1.2 or SCORM 2004."
        )
    )


def _read(archive, info):
    # Read no more than the entry claims: a forged size cannot inflate past it.
    with archive.open(info) as member:
        data = member.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise ValidationError(_("The zip's table of contents does not match its files; the package was refused."))
    return data


def store_package(upload, checked, *, folder, storage):
    """Write the checked members under `folder`; on any failure, remove what was written."""
    upload.seek(0)
    archive = zipfile.ZipFile(upload)
    written = []
    try:
        for info, name in checked.members:
            path = f"{folder}/{name}"
            storage.save(path, ContentFile(_read(archive, info)))
            written.append(path)
    except Exception:
        remove_folder(storage, folder, written)
        raise
    return written


def remove_folder(storage, folder, names=None):
    """Delete a package's files. With the storage API there are no folders to remove on
    an object store; on disk the emptied directories stay harmlessly behind."""
    if names is None:
        names = list(_walk(storage, folder))
    for name in names:
        storage.delete(name)


def _walk(storage, folder):
    if not storage.exists(folder):
        return
    directories, files = storage.listdir(folder)
    for file in files:
        yield f"{folder}/{file}"
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}")


def install(*, package, upload, checked, storage, user=None):
    """Unpack a checked zip into a new folder and point the package at it; the folder it
    replaces is removed once the change is committed. Raises, leaving nothing stored,
    if anything fails."""
    old_folder = package.folder if package.pk else None
    folder = uuid.uuid4()
    written = store_package(upload, checked, folder=str(folder), storage=storage)
    try:
        with transaction.atomic():
            package.folder = folder
            package.version = checked.manifest.version
            package.items = checked.manifest.items()
            package.file_count = len(written)
            package.unpacked_bytes = checked.unpacked_bytes
            package.uploaded_by = user
            if not package.title:
                package.title = checked.manifest.title[:255] or upload.name
            package.save()
    except Exception:
        remove_folder(storage, str(folder), written)
        raise
    if old_folder:
        transaction.on_commit(lambda: remove_folder(storage, str(old_folder)))
    return package


def forget_package_files(sender, instance, **kwargs):
    """A deleted package's files go once the deletion is committed."""
    from learning.models import courseware_storage

    folder = str(instance.folder)
    transaction.on_commit(lambda: remove_folder(courseware_storage(), folder))
