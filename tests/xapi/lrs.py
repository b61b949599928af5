"""A real learning record store for the tests: ralph-malph, from its own virtualenv
(.venv-lrs, made by `make test`), on a free loopback port, storing statements in a file
under a temporary folder (ralph_server.py says why it is started that way). It can be
stopped and started again on the same port and folder, as an LRS that goes down for a
while and comes back with what it had."""

import json
import os
import socket
import subprocess
import time
from pathlib import Path

import requests

PROJECT_DIR = Path(__file__).resolve().parents[2]
RALPH = PROJECT_DIR / ".venv-lrs" / "bin" / "ralph"
SERVER = Path(__file__).with_name("ralph_server.py")
USERNAME = "academy"
PASSWORD = "lrs-password-for-tests"
VERSION_HEADER = {"X-Experience-API-Version": "1.0.3"}
# ralph's strict model of an xAPI statement: unknown properties, empty values and
# malformed IRIs or language tags are errors, where its LRS endpoint is lenient.
VALIDATE = """
import json, sys
from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement
problems = []
for statement in json.load(sys.stdin):
    try:
        BaseXapiStatement.model_validate(statement)
    except ValidationError as error:
        problems.append(f"{statement.get('id')}: {error}")
print(json.dumps(problems))
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LearningRecordStore:
    def __init__(self, folder):
        self.folder = Path(folder)
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}/xAPI/"
        self.process = None
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(self.folder / "app"),
            "RALPH_AUTH_FILE": str(self.folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
        }
        subprocess.run(
            [RALPH, "auth", "-u", USERNAME, "-p", PASSWORD, "-s", "all", "-M", "mailto:lrs@example.com", "-w"],
            env=self.env,
            check=True,
            capture_output=True,
        )

    def start(self):
        (self.folder / "data").mkdir(exist_ok=True)
        self.log = open(self.folder / "ralph.log", "ab")  # noqa: SIM115 (kept open while it runs)
        self.process = subprocess.Popen(
            [RALPH.parent / "python", SERVER, "127.0.0.1", str(self.port), self.folder / "data"],
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"ralph did not start: {(self.folder / 'ralph.log').read_text()[-2000:]}")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
            self.log.close()

    def statements(self, **query):
        """Every statement the LRS holds (matching `query`), following its pages."""
        found, url = [], self.endpoint + "statements"
        params = {"limit": 100, **query}
        while url:
            response = requests.get(url, params=params, auth=(USERNAME, PASSWORD), headers=VERSION_HEADER, timeout=10)
            response.raise_for_status()
            body = response.json()
            found.extend(body["statements"])
            more = body.get("more")
            url, params = (f"http://127.0.0.1:{self.port}{more}", None) if more else (None, None)
        return found

    def problems(self, statements):
        """What ralph's strict xAPI model finds wrong with each statement."""
        python = RALPH.parent / "python"
        result = subprocess.run(
            [python, "-c", VALIDATE],
            input=json.dumps(statements),
            env=self.env,
            capture_output=True,
            check=True,
            text=True,
        )
        return json.loads(result.stdout)
