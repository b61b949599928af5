"""What applying lessons tells the learning record store (xAPI)."""

from knowledge.models import Result
from xapi import vocabulary
from xapi.services import record, when_recording
from xapi.statements import page_activity

# Whether trying the lesson counted as a success; "not applicable" says nothing.
SUCCESS = {Result.WON: True, Result.LOST: False, Result.STALLED: False}


@when_recording
def outcome_reported(*, application):
    """The person tried a lesson or case on an account and said how it went. The
    account's name stays here: it is the company's customer data, not a learning record."""
    result = {"response": application.result_note}
    if application.result in SUCCESS:
        result["success"] = SUCCESS[application.result]
    record(
        actor=application.user,
        verb=vocabulary.APPLIED,
        obj=page_activity(application.page),
        # Saying it again replaces the earlier answer: a new statement for each answer.
        key=f"applied:{application.pk}:{application.reported_at.isoformat()}",
        timestamp=application.reported_at,
        result=result,
        extensions={"outcome": application.result, "sales-stage": application.stage},
    )
