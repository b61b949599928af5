"""Template tags for lesson blocks: each block finds the learner's own state (their
answer, their viewing record, the courseware player) in the lesson page's context."""

from dataclasses import dataclass, field

from django import template

register = template.Library()
PLAYBACK_SPEEDS = ("0.75", "1", "1.25", "1.5", "2")


@register.simple_tag
def playback_speeds():
    return PLAYBACK_SPEEDS


@dataclass
class CheckState:
    response: object = None
    errors: dict = field(default_factory=dict)
    draft: dict = field(default_factory=dict)

    @property
    def answered(self):
        return self.response is not None

    def value(self, name):
        """What to show in a field: what was just typed, else the saved answer."""
        if name in self.draft:
            return self.draft[name] or ""
        return getattr(self.response, name, "") if self.response is not None else ""


@register.simple_tag(takes_context=True)
def check_state(context, block_id):
    requirements = context.get("requirements")
    response = requirements.responses.get(block_id) if requirements else None
    return CheckState(
        response=response,
        errors=context.get("check_errors", {}).get(block_id, {}),
        draft=context.get("check_drafts", {}).get(block_id, {}),
    )


@register.simple_tag(takes_context=True)
def viewing_of(context, media):
    requirements = context.get("requirements")
    return requirements.viewing.get(media.pk) if requirements and media else None


@register.simple_tag(takes_context=True)
def player_for(context, block_id):
    return context.get("players", {}).get(block_id)


@register.filter
def field_errors(errors, name):
    return errors.get(name, []) if errors else []


@register.filter
def check_value(check, name):
    return check.value(name)
