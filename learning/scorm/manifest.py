"""Reading a SCORM package's imsmanifest.xml: its version, its SCOs in table-of-contents
order and where each one starts. Anything a learner could not run is refused here with
a sentence an editor can act on, before a file is stored.

We play SCOs one at a time, chosen from the table of contents (SCORM 1.2, and SCORM
2004 with choice or flow navigation). SCORM 2004 sequencing rules that decide for the
learner what comes next (pre/post conditions, rollup rules, shared global objectives)
are not supported, and a package that relies on them is refused by name.
"""

import posixpath
from dataclasses import asdict, dataclass
from urllib.parse import unquote, urlsplit

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MANIFEST = "imsmanifest.xml"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
# Sequencing we refuse, by local element name, and the name an editor will recognise.
SEQUENCING_NAMES = {
    "sequencingRules": "imsss:sequencingRules",
    "rollupRules": "imsss:rollupRules",
    "mapInfo": "imsss:mapInfo",
    "randomizationControls": "imsss:randomizationControls",
    "auxiliaryResources": "imsss:auxiliaryResources",
    "rollupConsiderations": "adlseq:rollupConsiderations",
    "objectives-shared": "adlseq:objectives",
    "sequencingCollection": "imsss:sequencingCollection",
}


@dataclass(frozen=True)
class Sco:
    identifier: str
    title: str
    href: str
    depth: int
    mastery_score: float | None = None
    launch_data: str = ""


@dataclass(frozen=True)
class Manifest:
    version: str  # "1.2" or "2004"
    title: str
    scos: list

    def items(self):
        return [asdict(sco) for sco in self.scos]


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name):
    return [child for child in element if _local(child.tag) == name]


def _child(element, name):
    found = _children(element, name)
    return found[0] if found else None


def _text(element, name):
    child = _child(element, name) if element is not None else None
    return (child.text or "").strip() if child is not None else ""


def _attr(element, name):
    """An attribute by local name, whatever namespace prefix the authoring tool chose."""
    for key, value in element.attrib.items():
        if _local(key) == name or key == name:
            return value
    return None


def parse_manifest(data, *, names):
    """Parse manifest bytes; `names` is the set of file paths in the package (relative to
    the manifest's folder). Returns a Manifest or raises ValidationError."""
    try:
        root = ElementTree.fromstring(data)
    except DefusedXmlException as error:
        raise ValidationError(
            _("imsmanifest.xml uses XML features we refuse for safety (%(error)s).") % {"error": type(error).__name__}
        ) from error
    except ElementTree.ParseError as error:
        raise ValidationError(
            _("imsmanifest.xml is not valid XML: %(error)s. Export the package again from its authoring tool.")
            % {"error": error}
        ) from error
    if _local(root.tag) != "manifest":
        raise ValidationError(_("imsmanifest.xml does not describe a content package (its root is not <manifest>)."))
    version = _version(root)
    _refuse_sequencing(root, version)
    resources = _resources(root)
    base = _attr(root, "base") or ""
    scos = []
    organizations = _child(root, "organizations")
    default_id = _attr(organizations, "default") if organizations is not None else None
    chosen = None
    if organizations is not None:
        candidates = _children(organizations, "organization")
        chosen = next((org for org in candidates if _attr(org, "identifier") == default_id), None) or (
            candidates[0] if candidates else None
        )
    if chosen is not None:
        _walk(chosen, resources, base, names, version, scos, depth=0)
    title = _text(chosen, "title") if chosen is not None else ""
    if not scos:
        # A package without organisations may still have exactly one SCO resource.
        lone = [res for res in resources.values() if res["sco"] and res["href"]]
        if len(lone) == 1:
            href = _launch_path(base, lone[0], "", names)
            scos.append(
                Sco(identifier=lone[0]["identifier"], title=title or lone[0]["identifier"], href=href, depth=0)
            )
    if not scos:
        raise ValidationError(
            _("The manifest names no SCO to launch: no item of its organisation points to a resource with an href.")
        )
    return Manifest(version=version, title=title, scos=scos)


def _version(root):
    schema = _text(_child(root, "metadata"), "schemaversion").lower()
    if schema == "1.2":
        return "1.2"
    if "2004" in schema or schema == "cam 1.3":
        if "2nd" in schema:
            raise ValidationError(
                _("SCORM 2004 2nd edition is not supported; export the package as 3rd or 4th edition.")
            )
        return "2004"
    namespaces = " ".join(str(value) for value in root.attrib.values()) + root.tag
    if "adlcp_rootv1p2" in namespaces:
        return "1.2"
    if "adlcp_v1p3" in namespaces:
        return "2004"
    raise ValidationError(
        _(
            "This package's SCORM version is not one we play (its schemaversion is “%(schema)s”). SCORM 1.2 and "
            "SCORM 2004 3rd and 4th edition are supported; cmi5 and AICC are not."
        )
        % {"schema": schema or _("missing")}
    )


def _refuse_sequencing(root, version):
    if version != "2004":
        return
    found = []
    for element in root.iter():
        name = _local(element.tag)
        namespace = element.tag[1:].split("}", 1)[0] if element.tag.startswith("{") else ""
        if name == "objectives" and "adlseq" in namespace:
            name = "objectives-shared"
        if name in SEQUENCING_NAMES and SEQUENCING_NAMES[name] not in found:
            found.append(SEQUENCING_NAMES[name])
    if found:
        raise ValidationError(
            _(
                "This package relies on SCORM 2004 sequencing that we do not support: %(elements)s. Learners choose "
                "each part from the contents here; export the package without sequencing rules, or as SCORM 1.2."
            )
            % {"elements": "、".join(found)}
        )


def _resources(root):
    resources = {}
    container = _child(root, "resources")
    for resource in _children(container, "resource") if container is not None else []:
        identifier = _attr(resource, "identifier") or ""
        scorm_type = (_attr(resource, "scormtype") or _attr(resource, "scormType") or "").lower()
        resources[identifier] = {
            "identifier": identifier,
            "href": _attr(resource, "href") or "",
            "base": _attr(resource, "base") or "",
            "sco": scorm_type == "sco",
        }
    return resources


def _walk(element, resources, base, names, version, scos, depth):
    for item in _children(element, "item"):
        ref = _attr(item, "identifierref")
        title = _text(item, "title") or _attr(item, "identifier") or ""
        if ref:
            resource = resources.get(ref)
            if resource is None:
                raise ValidationError(
                    _("The item “%(title)s” points to a resource “%(ref)s” that the manifest does not define.")
                    % {"title": title, "ref": ref}
                )
            if resource["href"]:
                mastery = _text(item, "masteryscore")
                scos.append(
                    Sco(
                        identifier=_attr(item, "identifier") or ref,
                        title=title,
                        href=_launch_path(base, resource, _attr(item, "parameters") or "", names),
                        depth=depth,
                        mastery_score=_number(mastery),
                        launch_data=_text(item, "datafromlms")[:4096],
                    )
                )
        _walk(item, resources, base, names, version, scos, depth + 1)


def _number(text):
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _launch_path(base, resource, parameters, names):
    """The SCO's start file inside the package (with its query string), refusing any
    address outside the package."""
    href = resource["href"]
    split = urlsplit(href)
    if split.scheme or split.netloc or href.startswith("/"):
        raise ValidationError(
            _(
                "The resource “%(id)s” starts at %(href)s, outside the package. Every SCO must start at a file "
                "inside the zip."
            )
            % {"id": resource["identifier"], "href": href}
        )
    path = posixpath.normpath(posixpath.join(base, resource["base"], unquote(split.path)))
    if path.startswith("../") or path == ".." or path.startswith("/"):
        raise ValidationError(
            _(
                "The resource “%(id)s” starts at %(href)s, outside the package. Every SCO must start at a file "
                "inside the zip."
            )
            % {"id": resource["identifier"], "href": href}
        )
    if path not in names:
        raise ValidationError(
            _("The launch file %(path)s of “%(id)s” is missing from the zip.")
            % {"path": path, "id": resource["identifier"]}
        )
    query = split.query
    if parameters:
        parameters = parameters.lstrip("?&")
        query = f"{query}&{parameters}" if query else parameters
    return f"{path}?{query}" if query else path
