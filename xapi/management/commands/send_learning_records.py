from django.core.management.base import BaseCommand

from xapi.services import enabled, forget_sent, record_clock_events, send_due, send_learning_records


class Command(BaseCommand):
    help = (
        "Record what happened by the clock (certificates that expired), queue the "
        "learning records waiting for the LRS and forget those sent long ago "
        "(XAPI_KEEP_SENT_DAYS). Run every few minutes from cron or a systemd timer; "
        "nothing is recorded or sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Send in this process instead of queueing.")

    def handle(self, *args, now=False, **options):
        if not enabled():
            self.stdout.write("No LRS is configured (XAPI_LRS_ENDPOINT): nothing to do.")
            return
        record_clock_events()
        forgotten = forget_sent()
        if forgotten:
            self.stdout.write(f"Forgot {forgotten} statements sent more than the days kept.")
        if now:
            sent, rejected, waiting = send_due()
            self.stdout.write(f"Sent {sent}, rejected {rejected}, still waiting {waiting}.")
        else:
            send_learning_records.enqueue()
            self.stdout.write("Queued for the task worker.")
