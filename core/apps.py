from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared building blocks")
    role_permissions = {
        "editor": [
            f"core.{action}_{model}"
            for model in ("industry", "product")
            for action in ("add", "change", "delete", "view")
        ]
        + ["core.moderate_comment", "core.view_comment"],
    }
