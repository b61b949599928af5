from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from accounts import demo as accounts_demo
from accounts.roles import sync_role_groups
from capture import demo as capture_demo
from cases import demo as cases_demo
from competencies import demo as competencies_demo
from competencies import demo_growth as growth_demo
from core import demo as core_demo
from core.text import display_width, pad_to_width
from home import demo as home_demo
from knowledge import demo as knowledge_demo
from learning import demo as learning_demo
from learning import demo_courseware
from quizzes import demo as quizzes_demo

# Each app's demo loader, lowest layer first; later apps append theirs here.
LOADERS = (
    core_demo.load,
    accounts_demo.load,
    competencies_demo.load,
    learning_demo.load,
    demo_courseware.load,
    quizzes_demo.load,
    capture_demo.load,
    cases_demo.load,
    knowledge_demo.load,
    growth_demo.load,
    home_demo.load,
)


class Command(BaseCommand):
    help = "Build the demo academy from the source deck: people, teams and content. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off. The demo accounts share a published password.",
        )
        parser.add_argument(
            "--site-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the sign-in address printed at the end (make run passes its PORT).",
        )

    def handle(self, *args, allow_production=False, site_url, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "load_demo creates accounts whose password is printed in the README; it runs only "
                "with DEBUG on. Pass --allow-production if you really mean it."
            )
        # Review decisions in the demo would email demo people at made-up addresses.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            sync_role_groups()
            for load in LOADERS:
                load(stdout=self.stdout)
        self._print_logins(site_url.rstrip("/"))

    def _print_logins(self, site_url):
        rows = [("username", "password", "name", "role")] + accounts_demo.login_table()
        widths = [max(display_width(row[column]) for row in rows) for column in range(4)]
        self.stdout.write(self.style.SUCCESS(f"Demo ready. Sign in at {site_url}/accounts/login/ with:"))
        for index, row in enumerate(rows):
            cells = [pad_to_width(cell, width) for cell, width in zip(row, widths, strict=True)]
            self.stdout.write("  " + "  ".join(cells).rstrip())
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
