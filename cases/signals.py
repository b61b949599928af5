"""Keeping the listing's cached totals in step when a case is published or unpublished,
however that happens (the editor, a workflow, a schedule)."""

from cases.selectors import forget_case_cache


def case_changed(sender, instance, **kwargs):
    forget_case_cache()
