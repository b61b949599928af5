from django.core.management.base import BaseCommand

from knowledge.tasks import knowledge_mail, send_knowledge_mail


class Command(BaseCommand):
    help = (
        "Queue today's knowledge mail (digests and outcome questions) for the task worker. "
        "Run once a day from cron or a systemd timer; running it again sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Send in this process instead of queueing.")

    def handle(self, *args, now=False, **options):
        if now:
            result = knowledge_mail()
            self.stdout.write(f"Sent: {result}")
        else:
            send_knowledge_mail.enqueue()
            self.stdout.write("Queued for the task worker.")
