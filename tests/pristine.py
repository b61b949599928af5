"""Putting PostgreSQL back as migrations left it, between the tests that commit.

A browser test commits what it builds, so Django empties the database after it
(TRUNCATE of every table) and, before the next, saves again each row that migrations
made, one query or two a row (serialized rollback). On PostgreSQL that was 1.3 s a
test, more than many of the tests themselves: TRUNCATE gives each of 150 tables new
files. Here the same two steps are a DELETE of every table and a copy of the rows
migrations made from a snapshot taken once, in another schema of the test database:
0.1 s. Only tests with serialized rollback take this way, and only on PostgreSQL;
every other test is set up and torn down by Django, as before.
"""

from django.db import connection, transaction
from django.test import TransactionTestCase

SNAPSHOT_SCHEMA = "pristine_snapshot"


def take_snapshot():
    """Copy every table that holds rows now, just after migrations, into the snapshot
    schema. The tables to empty are Django's (as its flush finds them)."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}")
        for table in tables:
            name = connection.ops.quote_name(table)
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {name})")
            if cursor.fetchone()[0]:
                cursor.execute(f"CREATE TABLE {SNAPSHOT_SCHEMA}.{name} AS TABLE public.{name}")
    return tables


def _each(statement, tables):
    """One round trip that runs `statement` (a format() template of one table name) for
    every table; foreign keys are deferred to the commit, so the order does not matter."""
    names = ", ".join("'" + table.replace("'", "''") + "'" for table in tables)
    return (
        f"DO $$ DECLARE name text; BEGIN FOREACH name IN ARRAY ARRAY[{names}]::text[] "
        f"LOOP EXECUTE format('{statement}', name); END LOOP; END $$"
    )


def install(tables):
    """From now on, tests with serialized rollback empty the database and restore it from
    the snapshot instead of flushing and deserializing. Returns a function that undoes it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [SNAPSHOT_SCHEMA])
        saved = [row[0] for row in cursor.fetchall()]
    empty_all = _each("DELETE FROM public.%I", tables)
    refill = _each(f"INSERT INTO public.%I SELECT * FROM {SNAPSHOT_SCHEMA}.%1$I", saved)

    def run(*statements):
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    django_setup = TransactionTestCase.__dict__["_fixture_setup"]
    django_teardown = TransactionTestCase._fixture_teardown

    def takes_the_quick_way(case):
        return (
            case.serialized_rollback
            and not case.reset_sequences
            and not case.fixtures
            and case.available_apps is None
            and list(case._databases_names(include_mirrors=False)) == [connection.alias]
        )

    @classmethod
    def fixture_setup(cls):
        # Emptied first as well: whatever an earlier test left (one without serialized
        # rollback is flushed and given new content types) never meets the snapshot's rows.
        if takes_the_quick_way(cls):
            run(empty_all, refill)
        else:
            django_setup.__func__(cls)

    def fixture_teardown(self):
        if takes_the_quick_way(self):
            run(empty_all)
        else:
            django_teardown(self)

    TransactionTestCase._fixture_setup = fixture_setup
    TransactionTestCase._fixture_teardown = fixture_teardown

    def uninstall():
        TransactionTestCase._fixture_setup = django_setup
        TransactionTestCase._fixture_teardown = django_teardown

    return uninstall
