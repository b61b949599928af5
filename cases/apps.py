from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Case exchange")
    # Directors write up cases in the admin (cases/workflow.py); editors approve them.
    role_permissions = {"director": ["wagtailadmin.access_admin"]}

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from accounts.selectors import teams_generation
        from cases.models import CaseStudyPage, TeamDiscussion
        from cases.signals import case_changed

        page_published.connect(case_changed, sender=CaseStudyPage)
        page_unpublished.connect(case_changed, sender=CaseStudyPage)
        post_delete.connect(case_changed, sender=CaseStudyPage)
        post_migrate.connect(_prepare_after_migrate, sender=self)
        teams_generation.follow(TeamDiscussion)


def _prepare_after_migrate(sender, using="default", **kwargs):
    from cases.models import CaseIndexPage
    from cases.workflow import prepare_case_exchange

    if using == "default":
        for index_page in CaseIndexPage.objects.all():
            prepare_case_exchange(index_page)
