from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_BANK_EDITING = [
    f"quizzes.{action}_{model}"
    for model in ("question", "questioncategory", "certification", "quizoverride")
    for action in ("add", "change", "delete", "view")
]


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Assessment and certification")
    role_permissions = {
        # Editors write the bank and the certification scheme; certificates are issued
        # by the system, so nobody is given "add" on them.
        "editor": _BANK_EDITING + ["quizzes.view_certificate", "quizzes.change_certificate"],
        "assessor": [
            "wagtailadmin.access_admin",
            "quizzes.grade_attempt",
            "quizzes.sign_off_certification",
            "quizzes.view_certificate",
            "quizzes.change_certificate",
            "quizzes.view_question",
            "quizzes.add_quizoverride",
            "quizzes.change_quizoverride",
            "quizzes.view_quizoverride",
        ],
    }

    def ready(self):
        from core.person_generation import person_generation
        from quizzes.certification import (
            attempter_at_a_required_quiz,
            certification_scheme_generation,
            standing_generation,
        )
        from quizzes.models import (
            Attempt,
            Certificate,
            Certification,
            CertificationLevel,
            CertificationQuiz,
            QuizOverride,
            SignOff,
        )
        from quizzes.services import overrides_generation

        certification_scheme_generation.follow(Certification, CertificationQuiz, CertificationLevel)
        overrides_generation.follow(QuizOverride)
        person_generation.follow(Attempt)
        person_generation.follow(Certificate)
        person_generation.follow(SignOff)
        standing_generation.follow(Certificate)
        standing_generation.follow(Attempt, people=attempter_at_a_required_quiz)
