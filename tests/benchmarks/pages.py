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
        return self.path


PAGES = [
    BenchPage("health check (floor)", "/healthz"),
    BenchPage("home, anonymous", "/"),
    BenchPage("home, signed in", "/", as_user="director"),
    BenchPage("login", "/accounts/login/"),
    BenchPage("profile (director)", "/accounts/profile/", as_user="director"),
    BenchPage("competency model matrix", "/competency-model/"),
    BenchPage("search 客户", f"/search/?q={quote('客户')}"),
    BenchPage("search FMC, page 2", "/search/?q=FMC&page=2"),
]
