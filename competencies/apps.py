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
        from competencies.profiles import follow_competency_model_changes

        follow_competency_model_changes()
