"""Keeping derived things in step when a lesson is published or unpublished, however
that happens (the review screen, the page editor, a workflow, a schedule)."""

from wagtail import hooks

from capture.selectors import forget_library_cache

# Other apps (quizzes' certifications) re-check a person's standing on this hook.
CONTRIBUTION_PUBLISHED_HOOK = "after_contribution_published"


def lesson_changed(sender, instance, **kwargs):
    forget_library_cache()
    if instance.contributor_id and kwargs.get("revision") is not None:
        for hook in hooks.get_hooks(CONTRIBUTION_PUBLISHED_HOOK):
            hook(instance.contributor)
