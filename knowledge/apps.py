from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge upkeep")
    # Editors keep content true (core.freshness) and set how (Settings → 知识维护).
    role_permissions = {"editor": ["core.steward_content", "knowledge.change_knowledgesettings"]}

    def ready(self):
        from wagtail.signals import page_published

        from capture.models import ExperienceEvent
        from core.models import HelpfulVote, PageStewardship
        from core.person_generation import person_generation
        from knowledge.credit import credit_generation
        from knowledge.models import Application, ExpertQuestion, FieldNote, Follow
        from knowledge.selectors import field_use_generation
        from knowledge.signals import start_upkeep_on_publish

        page_published.connect(start_upkeep_on_publish)
        credit_generation.follow(HelpfulVote, Application, ExpertQuestion, ExperienceEvent, PageStewardship)
        field_use_generation.follow(Application, FieldNote)
        person_generation.follow(Application)
        person_generation.follow(Follow)
