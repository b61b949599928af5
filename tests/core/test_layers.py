"""DESIGN.md's import layers: lower apps never import higher ones."""

import ast
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]

LAYER = {
    "core": 0,
    "accounts": 0,
    # The outbox of learning records: every app records its events through it.
    "xapi": 0,
    "competencies": 1,
    "learning": 2,
    "quizzes": 2,
    "cases": 2,
    "capture": 2,
    # People from HR's staff list: accounts, job grades (competencies), stewardship (core).
    "hr": 2,
    # Keeps lessons and cases alive (outcomes, experts, digests): reads every content app.
    "knowledge": 3,
    # The read-only API: pages, completions (learning) and certificates (quizzes).
    "api": 3,
    "home": 4,
}
# Apps that may not import each other even though they share a layer.
ISOLATED_PEERS = {
    "core": {"accounts", "xapi"},
    "accounts": {"xapi"},
    "xapi": {"accounts"},
    "learning": {"quizzes", "cases", "capture"},
}


def imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYER:
                yield top


def violations():
    found = []
    for app, layer in LAYER.items():
        for path in (PROJECT_DIR / app).rglob("*.py"):
            for target in imported_apps(path):
                if target == app:
                    continue
                forbidden_peer = target in ISOLATED_PEERS.get(app, set()) or (LAYER[target] == layer and layer == 2)
                if LAYER[target] > layer or forbidden_peer:
                    found.append(f"{path.relative_to(PROJECT_DIR)} imports {target}")
    return found


def test_no_app_imports_a_higher_layer():
    assert violations() == []


@pytest.mark.parametrize("app", sorted(LAYER))
def test_every_app_exists_as_a_package(app):
    assert (PROJECT_DIR / app / "apps.py").exists()
    assert (PROJECT_DIR / app / "migrations" / "__init__.py").exists()


def test_the_layer_check_sees_imports(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text("from home.models import HomePage\nimport learning.services\nfrom . import local\n")
    assert sorted(imported_apps(source)) == ["home", "learning"]
