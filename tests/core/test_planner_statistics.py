"""Small page-type tables are analysed after any change, not after fifty (PostgreSQL)."""

import pytest
from django.db import connection

from core.planner_statistics import analyse_page_types_after_any_change

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def reloptions(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(reloptions, '{}') FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_every_page_type_table_is_analysed_after_any_change_and_other_tables_as_before():
    for table in ("quizzes_quizpage", "learning_coursepage", "learning_lessonpage", "cases_caseindexpage"):
        assert "autovacuum_analyze_threshold=0" in reloptions(table), table
    for table in ("wagtailcore_page", "accounts_user", "quizzes_attempt"):
        assert reloptions(table) == [], table


def test_a_page_type_table_without_the_setting_gets_it_at_the_next_migrate():
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE quizzes_quizpage RESET (autovacuum_analyze_threshold)")
    assert reloptions("quizzes_quizpage") == []

    analyse_page_types_after_any_change(using="default")

    assert reloptions("quizzes_quizpage") == ["autovacuum_analyze_threshold=0"]
