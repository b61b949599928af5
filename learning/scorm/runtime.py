"""What a SCO's run data (CMI) means for us: the status and score that count, and what
is kept to resume the learner. Pure functions; learning.services records commits.

SCORM 1.2 has one lesson_status where SCORM 2004 has completion and success apart; both
are read into the 2004 pair, so the rest of the platform sees one meaning of "done".
"""

from decimal import Decimal, InvalidOperation

# What is kept between sessions, per version: resume position and state, status and
# score. Everything else a SCO sets lives for one session only.
KEPT = {
    "1.2": (
        "cmi.core.lesson_location",
        "cmi.core.lesson_status",
        "cmi.core.score.raw",
        "cmi.core.score.min",
        "cmi.core.score.max",
        "cmi.core.exit",
        "cmi.core.total_time",
        "cmi.suspend_data",
    ),
    "2004": (
        "cmi.location",
        "cmi.completion_status",
        "cmi.success_status",
        "cmi.score.scaled",
        "cmi.score.raw",
        "cmi.score.min",
        "cmi.score.max",
        "cmi.progress_measure",
        "cmi.exit",
        "cmi.total_time",
        "cmi.suspend_data",
    ),
}
MAX_VALUE_LENGTH = 64000
STATUSES_12 = {"passed", "completed", "failed", "incomplete", "browsed", "not attempted"}
COMPLETION_2004 = {"completed", "incomplete", "not attempted", "unknown"}
SUCCESS_2004 = {"passed", "failed", "unknown"}


def kept_cmi(version, flat):
    """The part of a flattened CMI worth keeping, as strings, each within SCORM's limits."""
    kept = {}
    for key in KEPT[version]:
        value = flat.get(key)
        if value is None or value == "":
            continue
        kept[key] = str(value)[:MAX_VALUE_LENGTH]
    return kept


def statuses(version, cmi):
    """(completion_status, success_status) in SCORM 2004's terms."""
    if version == "1.2":
        status = cmi.get("cmi.core.lesson_status", "not attempted")
        status = status if status in STATUSES_12 else "not attempted"
        completion = (
            "completed"
            if status in {"passed", "completed", "failed"}
            else ("not attempted" if status == "not attempted" else "incomplete")
        )
        success = status if status in {"passed", "failed"} else "unknown"
        return completion, success
    completion = cmi.get("cmi.completion_status", "unknown")
    success = cmi.get("cmi.success_status", "unknown")
    return (
        completion if completion in COMPLETION_2004 else "unknown",
        success if success in SUCCESS_2004 else "unknown",
    )


def _decimal(text):
    try:
        return Decimal(str(text))
    except (InvalidOperation, ValueError):
        return None


def score_percent(version, cmi):
    """The score as a percentage, or None: scaled (2004) first, else raw within min–max
    (0–100 when the SCO gives no range)."""
    prefix = "cmi.core.score" if version == "1.2" else "cmi.score"
    if version == "2004":
        scaled = _decimal(cmi.get("cmi.score.scaled", ""))
        if scaled is not None and -1 <= scaled <= 1:
            return max(Decimal(0), scaled * 100).quantize(Decimal("0.01"))
    raw = _decimal(cmi.get(f"{prefix}.raw", ""))
    if raw is None:
        return None
    low = _decimal(cmi.get(f"{prefix}.min", "")) or Decimal(0)
    high = _decimal(cmi.get(f"{prefix}.max", "")) or Decimal(100)
    if high <= low:
        return None
    percent = (raw - low) / (high - low) * 100
    return min(Decimal(100), max(Decimal(0), percent)).quantize(Decimal("0.01"))


def resume_cmi(version, attempt, *, user):
    """The CMI to load before the SCO starts: the learner, and what was kept last time
    (with entry "resume" when the SCO left suspended)."""
    name = user.get_full_name() or user.get_username()
    if version == "1.2":
        cmi = {"cmi.core.student_id": str(user.pk), "cmi.core.student_name": name}
    else:
        cmi = {"cmi.learner_id": str(user.pk), "cmi.learner_name": name}
    if attempt is None:
        return cmi
    saved = dict(attempt.cmi)
    exit_key = "cmi.core.exit" if version == "1.2" else "cmi.exit"
    if saved.pop(exit_key, "") == "suspend" or saved.get("cmi.suspend_data"):
        cmi["cmi.core.entry" if version == "1.2" else "cmi.entry"] = "resume"
    cmi.update(saved)
    return cmi


def settled(version, saved, cmi, *, was_finished):
    """(cmi, completion, success) to keep after a commit. A SCO that already finished
    keeps its result if a later session leaves it unfinished (a learner reopening it to
    look back must not undo their completion); its place and suspend data still move."""
    completion, success = statuses(version, cmi)
    if was_finished and not (completion == "completed" and success != "failed"):
        kept = {key: value for key, value in cmi.items() if "status" not in key and "score" not in key}
        cmi = {**saved, **kept}
        completion, success = statuses(version, cmi)
    return cmi, completion, success
