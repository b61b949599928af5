from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Course library")
    role_permissions = {
        "editor": [
            "learning.view_enrolment",
            *(f"learning.{action}_scormpackage" for action in ("add", "change", "delete", "view")),
        ]
    }

    def ready(self):
        import mimetypes

        from django.db.models.signals import post_delete

        from core.person_generation import person_generation
        from learning.models import Enrolment, LessonCompletion, ScormPackage
        from learning.scorm.package import forget_package_files

        # Caption tracks must be served as text/vtt; not every system's table knows it.
        mimetypes.add_type("text/vtt", ".vtt")
        post_delete.connect(forget_package_files, sender=ScormPackage)
        person_generation.follow(Enrolment)
        person_generation.follow(LessonCompletion)
