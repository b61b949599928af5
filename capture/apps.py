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
        from capture.models import Experience, ExperienceLessonPage, TeamRecommendation
        from capture.signals import lesson_changed
        from core.models import HelpfulVote
        from core.person_generation import person_generation

        page_published.connect(lesson_changed, sender=ExperienceLessonPage)
        page_unpublished.connect(lesson_changed, sender=ExperienceLessonPage)
        post_delete.connect(lesson_changed, sender=ExperienceLessonPage)
        teams_generation.follow(TeamRecommendation)
        # A profile keeps what its person shared and how often it was found helpful.
        person_generation.follow(Experience, people=lambda experience: [experience.author_id])
        person_generation.follow(HelpfulVote, people=_contributor_of_voted_page)


def _contributor_of_voted_page(vote):
    from capture.models import ExperienceLessonPage

    return ExperienceLessonPage.objects.filter(pk=vote.page_id).values_list("contributor_id", flat=True)
