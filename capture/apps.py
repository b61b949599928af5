from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_REVIEWING = [
    "wagtailadmin.access_admin",
    "capture.review_experience",
    "capture.view_experience",
    "capture.change_experience",
]


class CaptureConfig(AppConfig):
    name = "capture"
    verbose_name = _("Experience capture")
    role_permissions = {"editor": _REVIEWING}

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished

        from accounts.selectors import teams_generation
        from capture.models import ExperienceLessonPage, TeamRecommendation
        from capture.signals import lesson_changed

        page_published.connect(lesson_changed, sender=ExperienceLessonPage)
        page_unpublished.connect(lesson_changed, sender=ExperienceLessonPage)
        post_delete.connect(lesson_changed, sender=ExperienceLessonPage)
        teams_generation.follow(TeamRecommendation)
