"""The README's backup of the embedded SQLite database keeps what a file copy loses."""

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
BACKUP_COMMAND = "import sqlite3; sqlite3.connect('db.sqlite3').backup(sqlite3.connect('backup.sqlite3'))"


def rows(path):
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM lessons").fetchone()[0]


def test_the_online_backup_in_the_readme_keeps_writes_still_in_the_wal(tmp_path):
    assert BACKUP_COMMAND in README.read_text(encoding="utf-8")
    site = sqlite3.connect(tmp_path / "db.sqlite3")
    site.execute("PRAGMA journal_mode=WAL")
    site.execute("PRAGMA wal_autocheckpoint=0")
    site.execute("CREATE TABLE lessons (title TEXT)")
    site.executemany("INSERT INTO lessons VALUES (?)", [(f"经验{number}",) for number in range(500)])
    site.commit()
    # The site is still running: its latest writes sit in db.sqlite3-wal.
    shutil.copy(tmp_path / "db.sqlite3", tmp_path / "copied.sqlite3")
    result = subprocess.run([sys.executable, "-c", BACKUP_COMMAND], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert rows(tmp_path / "backup.sqlite3") == 500
    assert not _has_table(tmp_path / "copied.sqlite3"), "a plain copy of the file has none of it"
    site.close()


def _has_table(path):
    with sqlite3.connect(path) as connection:
        return bool(connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'lessons'").fetchone())
