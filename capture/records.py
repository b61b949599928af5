"""What contributing experience tells the learning record store (xAPI)."""

from xapi import vocabulary
from xapi.services import record, when_recording
from xapi.statements import activity


@when_recording
def experience_shared(*, experience):
    """A manager sent their field experience to the editors: the contribution is the
    act of sharing it, whether or not it is published later."""
    record(
        actor=experience.author,
        verb=vocabulary.SHARED,
        obj=activity(path=f"experiences/{experience.pk}", kind="experience", name=experience.title),
        # A revised submission after the editors asked for changes is shared again.
        key=f"experience-shared:{experience.pk}:{experience.submitted_at.isoformat()}",
        timestamp=experience.submitted_at,
    )
