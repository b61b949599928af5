from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_MODEL_EDITING = [
    f"competencies.{action}_{model}"
    for model in ("competency", "proficiencylevel", "jobgrade")
    for action in ("add", "change", "delete", "view")
]


class CompetenciesConfig(AppConfig):
    name = "competencies"
    verbose_name = _("Competency model")
    # Editors maintain the model; a person's grade is the administrators' to set.
    role_permissions = {"editor": _MODEL_EDITING}

    def ready(self):
        from accounts.selectors import with_their_directors
        from competencies.models import Evidence, PersonGrade, PlanItem
        from competencies.profiles import follow_competency_model_changes
        from core.person_generation import person_generation

        follow_competency_model_changes()
        person_generation.follow(PersonGrade)
        person_generation.follow(Evidence)
        # A director's workspace counts their members' plans.
        person_generation.follow(PlanItem, people=lambda item: with_their_directors([item.user_id]))
