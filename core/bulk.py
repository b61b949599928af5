"""Writing different values to many rows at once.

Django's `bulk_update` sends one UPDATE with a CASE per field listing every row, and
builds that expression in Python: for a 50-question attempt it took 10 ms to save the
answers and 5 ms more to save their scores, a third of submitting. One prepared UPDATE
run for each row through the driver's `executemany` does the same work in the
database's own loop (SQLite) or one pipelined round trip (psycopg).

Counting a row up or inserting it took `bulk_create(ignore_conflicts=True)` and an
UPDATE: for the 40 questions a learner missed, 2 ms, mostly building model instances
to insert nothing new. `insert_or_add` does it in one statement from plain values,
and concurrent writers never lose a count.
"""

from django.db import connections, router


def update_each(objects, fields, *, model=None):
    """Save `fields` (names) of each of `objects`, one model's saved instances, by
    primary key. Values are prepared by the fields, as `save()` would; nothing else is
    touched, and no signal is sent, as with `bulk_update`. `model`: the objects' model,
    when they are plain values with a `pk` rather than its instances."""
    objects = list(objects)
    if not objects:
        return
    model = model or type(objects[0])
    meta = model._meta
    database = router.db_for_write(model)
    connection = connections[database]
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    statement = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    rows = [
        [field.get_db_prep_save(getattr(instance, field.attname), connection) for field in columns] + [instance.pk]
        for instance in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(statement, rows)


# A batch's parameters stay far below SQLite's limit (32,766) and PostgreSQL's (65,535).
ROWS_PER_STATEMENT = 500


def insert_or_add(model, rows, *, unique, add, replace=()):
    """Insert each of `rows` (dicts of field name to value, the same names in each), or,
    where a stored row has the same `unique` fields, add this row's `add` fields to its
    own and set its `replace` fields to this row's. One statement per 500 rows, the
    same on SQLite and PostgreSQL (INSERT … ON CONFLICT … DO UPDATE); no signal is
    sent."""
    if not rows:
        return
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [meta.get_field(name) for name in rows[0]]
    table = quote(meta.db_table)

    def column(name):
        return quote(meta.get_field(name).column)

    updates = [f"{column(name)} = {table}.{column(name)} + EXCLUDED.{column(name)}" for name in add]
    updates += [f"{column(name)} = EXCLUDED.{column(name)}" for name in replace]
    conflict = ", ".join(column(name) for name in unique)
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            batch = rows[start : start + ROWS_PER_STATEMENT]
            values = [field.get_db_prep_save(row[field.name], connection) for row in batch for field in fields]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholders] * len(batch))} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET {', '.join(updates)}",
                values,
            )
