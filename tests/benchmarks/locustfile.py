"""The load test's people, for locust (run through `python -m tests.benchmarks.load`).

A realistic day: most visitors browse anonymously (home, courses, lessons, cases,
search); signed-in account managers open their dashboard, growth page and lessons,
search, take a quiz, comment on a case and save a capture draft. Each simulated person
sticks to one app server, as a load balancer with sticky sessions would send them, and
people are spread evenly over the app servers.
"""

import itertools
import os
import random
import re

import gevent
from locust import HttpUser, between, events, task

from tests.production.client import TerminatingProxy

APP_SERVERS = os.environ["LOAD_APP_SERVERS"].split(",")
LEARNERS = ["learner", "liuyang", "zhoumin", "sunlei", "wujing", "zhengkai"]
# accounts.demo.DEMO_PASSWORD; locust runs without Django, so it cannot import it.
PASSWORD = "academy-demo-2026"
SEARCHES = ["客户", "客户流失", "决策链", "FMC", "专线", "竞争对手 报价", "医院", "account manager"]
_next_server = itertools.count()
# Seconds of load before the figures count (tests.benchmarks.load --warm-up).
WARM_UP = int(os.environ.get("LOAD_WARM_UP", "0"))


@events.test_start.add_listener
def _measure_after_warm_up(environment, **kwargs):
    if WARM_UP:
        gevent.spawn_later(WARM_UP, environment.stats.reset_all)


class Visitor(HttpUser):
    """Someone browsing without signing in."""

    weight = 3
    wait_time = between(0.5, 2)

    def on_start(self):
        self.host = APP_SERVERS[next(_next_server) % len(APP_SERVERS)].replace("http://", "https://")
        self.client.base_url = self.host
        self.client.mount("https://127.0.0.1", TerminatingProxy())
        self.client.headers["Accept-Language"] = random.choice(["zh-CN,zh;q=0.9", "en-US,en;q=0.9"])
        self.pages = _links(self.client.get("/courses/", name="/courses/").text, "/courses/")
        self.lessons = _links(self.client.get("/lessons/", name="/lessons/").text, "/lessons/")
        self.cases = _links(self.client.get("/cases/", name="/cases/").text, "/cases/")

    @task(4)
    def home(self):
        self.client.get("/", name="/")

    @task(2)
    def course_library(self):
        self.client.get("/courses/", name="/courses/")
        if self.pages:
            self.client.get(random.choice(self.pages), name="/courses/[course]/")

    @task(3)
    def lesson_library(self):
        self.client.get("/lessons/", name="/lessons/")
        if self.lessons:
            self.client.get(random.choice(self.lessons), name="/lessons/[lesson]/")

    @task(2)
    def cases_(self):
        self.client.get("/cases/", name="/cases/")
        if self.cases:
            self.client.get(random.choice(self.cases), name="/cases/[case]/")

    @task(3)
    def search(self):
        self.client.get("/search/", params={"q": random.choice(SEARCHES)}, name="/search/?q=")
        self.client.get("/search/suggest/", params={"q": random.choice(SEARCHES)[:2]}, name="/search/suggest/")


class AccountManager(Visitor):
    """A signed-in account manager."""

    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        super().on_start()
        self.client.get("/accounts/login/", name="/accounts/login/")
        self._post("/accounts/login/", {"username": random.choice(LEARNERS), "password": PASSWORD}, name="sign in")
        self.quizzes = _links(self.client.get("/assessment/", name="/assessment/").text, "/assessment/")

    def _post(self, path, data, *, name):
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        return self.client.post(
            path, data=data, headers={"Referer": self.host + path}, name=name, allow_redirects=False
        )

    @task(4)
    def dashboard(self):
        self.client.get("/", name="/ (signed in)")

    @task(3)
    def growth(self):
        self.client.get("/growth/", name="/growth/")

    @task(1)
    def plan(self):
        self.client.get("/growth/plan/", name="/growth/plan/")

    @task(1)
    def take_a_quiz(self):
        if not self.quizzes:
            return
        quiz_page = self.client.get(random.choice(self.quizzes), name="/assessment/[quiz]/").text
        start = re.search(r'action="(/quiz/\d+/start/)"', quiz_page)
        if start:
            response = self._post(start.group(1), {}, name="/quiz/[id]/start/")
            location = response.headers.get("Location", "")
            if "/quiz/attempts/" in location:
                attempt = location.split("/quiz/attempts/")[1].split("/")[0]
                self.client.get(f"/quiz/attempts/{attempt}/", name="/quiz/attempts/[id]/")
                self._post(f"/quiz/attempts/{attempt}/autosave/", {}, name="/quiz/attempts/[id]/autosave/")

    @task(1)
    def comment(self):
        if not self.cases:
            return
        case_page = self.client.get(random.choice(self.cases), name="/cases/[case]/").text
        action = re.search(r'action="(/engage/\d+/comments/)" class="form comment-form"', case_page)
        if action:
            self._post(action.group(1), {"body": "这个办法我们组下周试试。"}, name="/engage/[page]/comments/")

    @task(1)
    def capture_draft(self):
        self.client.get("/capture/share/", name="/capture/share/")
        self._post("/capture/autosave/", CAPTURE_DRAFT, name="/capture/autosave/")


CAPTURE_DRAFT = {
    "title": "",
    "problem": "客户联络人不愿引荐决策者",
    "actions": "帮联络人准备汇报材料",
    "lesson": "",
    "outcome": "",
    "causes-TOTAL_FORMS": "1",
    "causes-INITIAL_FORMS": "0",
    "causes-MIN_NUM_FORMS": "0",
    "causes-MAX_NUM_FORMS": "8",
    "causes-0-cause": "",
    "causes-0-evidence": "",
    "causes-0-id": "",
    "options-TOTAL_FORMS": "1",
    "options-INITIAL_FORMS": "0",
    "options-MIN_NUM_FORMS": "0",
    "options-MAX_NUM_FORMS": "8",
    "options-0-option": "",
    "options-0-pros": "",
    "options-0-cons": "",
    "options-0-id": "",
}


def _links(html, prefix):
    """Detail pages below `prefix` that the listing links to."""
    found = set(re.findall(rf'href="({re.escape(prefix)}[^"?#]+/)"', html))
    return sorted(found - {prefix})
