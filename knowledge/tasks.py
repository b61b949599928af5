"""The knowledge base's daily mail, run by the task worker: yesterday's digest, last
week's on Mondays, and the outcome questions whose day has come. Each part is
idempotent, so a run repeated (or run by two workers at once) sends nothing twice."""

import logging

from django.utils import timezone
from django_tasks import task

from knowledge.digests import Frequency, send_digests
from knowledge.services import email_outcome_prompts

logger = logging.getLogger(__name__)


def knowledge_mail(today=None):
    today = today or timezone.localdate()
    runs = [send_digests(Frequency.DAILY, today)]
    if today.weekday() == 0:
        runs.append(send_digests(Frequency.WEEKLY, today))
    prompts = email_outcome_prompts(today)
    for run in runs:
        logger.info(
            "%s digest for %s: %s new pages, %s sent, %s already sent, %s failed",
            run.frequency,
            run.period_start,
            run.new_pages,
            run.sent,
            run.already_sent,
            run.failed,
        )
    logger.info("Outcome questions sent: %s", prompts)
    return {"digests": [(run.frequency, run.sent) for run in runs], "outcome_prompts": prompts}


@task()
def send_knowledge_mail():
    return knowledge_mail()
