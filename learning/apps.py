from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Course library")
    role_permissions = {"editor": ["learning.view_enrolment"]}
