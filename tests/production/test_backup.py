"""The README's backup and restore procedure, run for real: pg_dump and a tar of the
media folder while the site runs, then pg_restore into an empty database and an empty
media folder, and a new app server on what was restored."""

import subprocess
import uuid

import psycopg
import pytest
from PIL import Image

from tests.production.admin import signed_in, upload_document
from tests.production.client import SiteClient
from tests.production.stack import Stack

pytestmark = pytest.mark.production_stack


def run(*command):
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(map(str, command))}\n{result.stdout}\n{result.stderr}"


def table_fingerprints(database_url):
    """{table: (rows, checksum of every row)} for every table of the site."""
    with psycopg.connect(database_url) as connection:
        tables = connection.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
        checksum = "md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), ''))"
        return {
            table: connection.execute(f'SELECT count(*), {checksum} FROM "{table}" t').fetchone()
            for (table,) in tables
        }


def stored_files(database_url):
    with psycopg.connect(database_url) as connection:
        documents = [row[0] for row in connection.execute("SELECT file FROM wagtaildocs_document")]
        images = [row[0] for row in connection.execute("SELECT file FROM wagtailimages_image")]
    return documents, images


def test_the_site_is_restored_whole_into_an_empty_database_and_media_folder(stack, tmp_path):
    editor = signed_in(stack.urls[0], "editor")
    content = f"备份演练 {uuid.uuid4()}\n".encode()
    download = upload_document(editor, f"备份演练 {uuid.uuid4().hex[:6]}", "backup-drill.txt", content)
    # Nothing may change between the dump and the count.
    stack.wait_until_tasks_done()

    before = table_fingerprints(stack.database_url)
    dump, media_archive = tmp_path / "academy.dump", tmp_path / "academy-media.tar.gz"
    run("pg_dump", "--format=custom", f"--file={dump}", f"--dbname={stack.database_url}")
    run("tar", "-C", str(stack.media_root), "-czf", str(media_archive), ".")
    assert table_fingerprints(stack.database_url) == before, "the site changed during the backup"

    # Static files come with the release, not the backup: the restored site serves what
    # this release's collectstatic already wrote (an operator restoring on another
    # machine runs collectstatic there, as the README says).
    restored = Stack(
        tmp_path / "restored",
        database="academy_restored",
        app_servers=1,
        extra_env={"STATIC_ROOT": str(stack.workdir / "static")},
    )
    restored.create_database()
    try:
        run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored.database_url}", str(dump))
        restored.media_root.mkdir(parents=True)
        run("tar", "-C", str(restored.media_root), "-xzf", str(media_archive))

        after = table_fingerprints(restored.database_url)
        assert len(after) > 100
        assert sum(rows for rows, _ in after.values()) > 1000
        assert after == before

        documents, images = stored_files(restored.database_url)
        assert documents, "the demo and the drill uploaded documents"
        for name in documents:
            assert (restored.media_root / name).read_bytes() == (stack.media_root / name).read_bytes()
        for name in images:
            with Image.open(restored.media_root / name) as image:
                image.verify()

        restored.manage("migrate", "--no-input")
        restored.start(workers=0)
        visitor = SiteClient(restored.urls[0])
        for path in ("/", "/courses/", "/lessons/", "/cases/", "/search/?q=客户"):
            assert visitor.get(path).status_code == 200, path
        assert visitor.get(download).content == content
        learner = signed_in(restored.urls[0], "learner")
        growth = learner.get("/growth/")
        assert growth.status_code == 200 and "陈晓" in growth.text
    finally:
        restored.shutdown()
        restored.drop_database()
