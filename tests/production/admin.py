"""What an editor does in Wagtail's admin, driven over HTTP."""

import re

from accounts.demo import DEMO_PASSWORD
from tests.production.client import SiteClient


def signed_in(url, username, language="zh-CN"):
    client = SiteClient(url, language=language)
    client.sign_in(username, DEMO_PASSWORD)
    return client


def page_id_of(editor, path):
    """The page's id, from the edit link Wagtail's user bar gives an editor."""
    match = re.search(r"/admin/pages/(\d+)/edit/", editor.get(path).text)
    assert match, f"no edit link on {path}"
    return int(match.group(1))


def publish_title(editor, page_id, title):
    fields = editor.form_fields(f"/admin/pages/{page_id}/edit/", "form#page-edit-form")
    fields.update({"title": title, "action-publish": "action-publish"})
    response = editor.post(f"/admin/pages/{page_id}/edit/", fields)
    assert response.status_code == 302, response.text[:2000]


def upload_document(editor, title, filename, content):
    """Upload through the admin's form; return the public download path."""
    fields = editor.form_fields("/admin/documents/add/", "form[enctype='multipart/form-data']")
    fields["title"] = title
    response = editor.post("/admin/documents/add/", fields, files={"file": (filename, content, "text/plain")})
    assert response.status_code == 302, response.text[:2000]
    listing = editor.get(f"/admin/documents/?q={title}").text
    document_id = re.search(r"/admin/documents/edit/(\d+)/", listing).group(1)
    edit_page = editor.get(f"/admin/documents/edit/{document_id}/").text
    return re.search(rf'href="(/documents/{document_id}/[^"]+)"', edit_page).group(1)


def add_search_term(editor, term):
    fields = editor.form_fields("/admin/snippets/core/searchterm/add/", "form[method=post]")
    fields["term"] = term
    response = editor.post("/admin/snippets/core/searchterm/add/", fields)
    assert response.status_code == 302, response.text[:2000]
