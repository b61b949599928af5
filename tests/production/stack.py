"""The production stack on loopback, started the way the README's "Deploying for many
users" tells an operator to: production settings, the deployment checklist,
`collectstatic` with the manifest storage, `migrate` on PostgreSQL, Redis as the shared
cache, N gunicorn app servers and M `db_worker` processes, each its own process.

Used by the production tests (tests/production) and the load test
(`python -m tests.benchmarks.load`). It needs the machine's PostgreSQL; it starts its
own Redis on a free port so that tests may stop and restart it.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import requests

PROJECT_DIR = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get("PRODUCTION_STACK_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# What gunicorn and the workers must not inherit from a test run.
_SCRUBBED = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "TASKS_BACKEND"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Service:
    name: str
    process: subprocess.Popen
    log: Path

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_text(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@dataclass
class Stack:
    workdir: Path
    database: str = "academy_production_stack"
    app_servers: int = 2
    web_concurrency: int = 2
    threads: int = 4
    task_backlog_max_age: int = 300
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))
    error_check_token: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    ports: list = field(default_factory=list)
    services: dict = field(default_factory=dict)
    redis_port: int = 0
    # Further settings for every process (the learning record store's address).
    extra_env: dict = field(default_factory=dict)

    def __post_init__(self):
        self.workdir = Path(self.workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.redis_port = self.redis_port or free_port()
        self.ports = self.ports or [free_port() for _ in range(self.app_servers)]

    # --- configuration ------------------------------------------------------------
    @property
    def database_url(self):
        return f"{POSTGRES_URL}/{self.database}"

    @property
    def media_root(self):
        return self.workdir / "media"

    @property
    def urls(self):
        return [f"http://127.0.0.1:{port}" for port in self.ports]

    def env(self, **overrides):
        """The environment of every process, as an operator would set it."""
        base = {key: value for key, value in os.environ.items() if key not in _SCRUBBED}
        base.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            DATABASE_URL=self.database_url,
            DATABASE_CONN_MAX_AGE="60",
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            STATIC_ROOT=str(self.workdir / "static"),
            MEDIA_ROOT=str(self.media_root),
            COURSEWARE_ROOT=str(self.workdir / "courseware"),
            WAGTAILADMIN_BASE_URL="https://127.0.0.1",
            # Errors are mailed to the administrators; the console backend writes the
            # mail into the app server's log, where the tests read it.
            EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
            ADMIN_EMAILS="ops@example.com",
            ERROR_CHECK_TOKEN=self.error_check_token,
            TASK_BACKLOG_MAX_AGE=str(self.task_backlog_max_age),
            LOG_LEVEL="WARNING",
            TRUSTED_PROXY_COUNT="1",
        )
        base.update(self.extra_env)
        base.update(overrides)
        return base

    def manage(self, *args, **env):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_DIR,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=900,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    # --- preparing ----------------------------------------------------------------
    def create_database(self, name=None):
        name = name or self.database
        with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')

    def drop_database(self, name=None):
        with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name or self.database}" WITH (FORCE)')

    def prepare(self, *, demo=True):
        """The operator's checklist, then the demo content (with `--allow-production`,
        indexed in-process so the pages are searchable before the worker starts)."""
        self.create_database()
        shutil.rmtree(self.media_root, ignore_errors=True)
        self.media_root.mkdir(parents=True)
        # The checklist and collectstatic need no database, so they run beside migrate:
        # on two cores preparing took 46.5 s instead of 62 s.
        with ThreadPoolExecutor(max_workers=2) as pool:
            beside = {
                "check --deploy": pool.submit(self.manage, "check", "--deploy", "--fail-level", "WARNING"),
                "collectstatic": pool.submit(self.manage, "collectstatic", "--no-input", "--clear"),
            }
            steps = {"migrate": self.manage("migrate", "--no-input")}
            steps.update((name, future.result()) for name, future in beside.items())
        if demo:
            steps["load_demo"] = self.manage(
                "load_demo", "--allow-production", TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend"
            )
        return steps

    # --- running ------------------------------------------------------------------
    def _spawn(self, name, command, **env):
        log = self.workdir / f"{name}.log"
        handle = log.open("ab")
        process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=self.env(**env),
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.services[name] = Service(name, process, log)
        return self.services[name]

    def start_redis(self):
        self._spawn(
            "redis",
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
        )
        _wait_for_port(self.redis_port, "redis")

    def stop_redis(self):
        self.services.pop("redis").stop()

    def start_app_server(self, index):
        port = self.ports[index]
        self._spawn(
            f"app{index}",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "config/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(self.web_concurrency),
                "--threads",
                str(self.threads),
                "--access-logfile",
                "-" if os.environ.get("PRODUCTION_STACK_ACCESS_LOG") else "/dev/null",
                "config.wsgi",
            ],
        )
        _wait_for_port(port, f"app server {index}")

    def start_worker(self, name="worker"):
        self._spawn(name, [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"])

    def stop(self, name):
        self.services.pop(name).stop()

    def start(self, *, workers=1):
        self.start_redis()
        for index in range(self.app_servers):
            self.start_app_server(index)
        for number in range(workers):
            self.start_worker("worker" if number == 0 else f"worker{number}")
        self.wait_until_ready()

    def wait_until_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            answers = [_readiness(url) for url in self.urls]
            if all(status == 200 for status, _ in answers):
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"the stack is not ready: {answers}\n{self.logs()}")
            time.sleep(0.5)

    def task_runs(self):
        """(id, task path, status, worker ids) of every background task queued so far."""
        with psycopg.connect(self.database_url) as connection:
            return connection.execute(
                "SELECT id, task_path, status, worker_ids FROM django_tasks_database_dbtaskresult"
            ).fetchall()

    def wait_until_tasks_done(self, timeout=60):
        """Every task run once no task is waiting or running; the runs."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            runs = self.task_runs()
            if all(status in {"SUCCESSFUL", "FAILED"} for _, _, status, _ in runs):
                return runs
            time.sleep(0.5)
        raise RuntimeError(f"tasks still waiting: {self.task_runs()}\n{self.logs()}")

    def logs(self):
        return "\n".join(f"--- {name} ---\n{service.log_text()[-4000:]}" for name, service in self.services.items())

    def shutdown(self):
        # Last started, first stopped: app servers still answering their last requests
        # keep Redis, instead of logging a refused connection for each.
        for name in reversed(list(self.services)):
            self.stop(name)


def _readiness(url):
    try:
        response = requests.get(f"{url}/readyz", timeout=5)
    except requests.RequestException as error:
        return None, str(error)
    return response.status_code, response.text


def _wait_for_port(port, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not open port {port}")
