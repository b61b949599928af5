"""Writing different values to many rows at once.

Django's `bulk_update` sends one UPDATE with a CASE per field listing every row, and
builds that expression in Python: for a 50-question attempt it took 10 ms to save the
answers and 5 ms more to save their scores, a third of submitting. One prepared UPDATE
run for each row through the driver's `executemany` does the same work in the
database's own loop (SQLite) or one pipelined round trip (psycopg).
"""

from django.db import connections, router


def update_each(objects, fields):
    """Save `fields` (names) of each of `objects`, one model's saved instances, by
    primary key. Values are prepared by the fields, as `save()` would; nothing else is
    touched, and no signal is sent, as with `bulk_update`."""
    objects = list(objects)
    if not objects:
        return
    model = type(objects[0])
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
