"""The pages `make bench` measures. Each later issue appends its key pages."""

from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class BenchPage:
    name: str
    path: str
    # "director": signed in as the director of a full team; None: anonymous.
    as_user: str | None = None

    def url(self, facts):
        # "{course}" and "{lesson}" stand for a seeded course and one of its lessons.
        return self.path.format(
            course=facts.course_url,
            lesson=facts.lesson_url,
            quiz=facts.quiz_url,
            experience=facts.experience_url,
            case=facts.case_url,
        )


PAGES = [
    BenchPage("health check (floor)", "/healthz"),
    BenchPage("home, anonymous", "/"),
    BenchPage("home, signed in", "/", as_user="director"),
    BenchPage("login", "/accounts/login/"),
    BenchPage("profile (director)", "/accounts/profile/", as_user="director"),
    BenchPage("competency model matrix", "/competency-model/"),
    BenchPage("course library", "/courses/"),
    BenchPage("course library, filtered p2", "/courses/?competency=needs-analysis&sort=title&page=2"),
    BenchPage("course (learner)", "{course}", as_user="director"),
    BenchPage("lesson (learner)", "{lesson}", as_user="director"),
    BenchPage("lesson with a video", "/courses/seven-steps/lesson-1/", as_user="director"),
    BenchPage("lesson with a PDF", "/courses/seven-steps/lesson-2/", as_user="director"),
    BenchPage("lesson with SCORM 1.2", "/courses/seven-steps/lesson-3/", as_user="director"),
    BenchPage("lesson with SCORM 2004, two parts", "/courses/seven-steps/lesson-4/", as_user="director"),
    BenchPage("my learning", "/learning/my/", as_user="director"),
    BenchPage("assessment section", "/assessment/", as_user="director"),
    BenchPage("quiz page (50 questions)", "{quiz}", as_user="director"),
    BenchPage("my certification", "/certificates/", as_user="director"),
    BenchPage("lesson library", "/lessons/", as_user="director"),
    BenchPage(
        "lesson library, helpful p50", f"/lessons/?stage=after_sale&sort=helpful&page=50&tag={quote('客户流失')}"
    ),
    BenchPage("lesson from experience", "{experience}", as_user="director"),
    BenchPage("case exchange", "/cases/", as_user="director"),
    BenchPage("case exchange, helpful p50", f"/cases/?stage=after_sale&sort=helpful&page=50&tag={quote('客户流失')}"),
    BenchPage("case, 200 comments", "{case}", as_user="director"),
    BenchPage("case, comments page 2", "{case}?comments=2", as_user="director"),
    BenchPage("search 客户", f"/search/?q={quote('客户')}"),
    BenchPage("search FMC, page 2", "/search/?q=FMC&page=2"),
]
