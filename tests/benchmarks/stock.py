"""The yardstick the page benchmark compares against: the home page of a stock project
made by `wagtail start`, with the same Wagtail and Django, timed the same way (Django's
test client, in-process, after a warm-up).

    python -m tests.benchmarks.stock --requests 30      # prints "median_ms p95_ms"

The stock project lives in a temporary folder and runs in its own process, with its
own settings. `python -m tests.benchmarks` keeps that process open while it times our
pages and asks it for a round of timings right before and right after each page: on a
shared virtual machine the same code runs up to half again as slow from one minute to
the next, and a yardstick timed once, minutes away from a page, moved each page's ratio
by as much.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

# Reads a number of requests per line and answers with that many timings in ms.
TIMER = """
import sys, time
import django
django.setup()
from django.test import Client
client = Client()
for _ in range(5):
    assert client.get("/").status_code == 200
for line in sys.stdin:
    timings = []
    for _ in range(int(line)):
        started = time.perf_counter()
        client.get("/")
        timings.append((time.perf_counter() - started) * 1000)
    print(" ".join(f"{timing:.3f}" for timing in timings), flush=True)
"""


class StockSite:
    """A stock `wagtail start` project in a temporary folder, its home page timed on
    request by a process kept open: `with StockSite() as stock: stock.time(30)`."""

    def __enter__(self):
        folder = Path(tempfile.mkdtemp(prefix="academy-stock-"))
        wagtail = Path(sys.executable).with_name("wagtail")
        subprocess.run([str(wagtail), "start", "stocksite", str(folder)], check=True, capture_output=True)
        # The stock production settings read the rest from an optional local.py.
        (folder / "stocksite" / "settings" / "local.py").write_text(
            'SECRET_KEY = "benchmark-only"\nALLOWED_HOSTS = ["testserver"]\n', encoding="utf-8"
        )
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"}
        }
        env["DJANGO_SETTINGS_MODULE"] = "stocksite.settings.production"
        env["PYTHONPATH"] = str(folder)
        run = {"cwd": folder, "env": env, "check": True, "capture_output": True, "text": True}
        # The stock production settings use manifest storage; collect once, as a deploy would.
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input"], **run)
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input"], **run)
        self.timer = subprocess.Popen(
            [sys.executable, "-c", TIMER],
            cwd=folder,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        return self

    def time(self, requests):
        """`requests` timings of the stock home page, in milliseconds."""
        self.timer.stdin.write(f"{requests}\n")
        self.timer.stdin.flush()
        return [float(value) for value in self.timer.stdout.readline().split()]

    def __exit__(self, *exc_info):
        self.timer.stdin.close()
        self.timer.wait(timeout=30)


def stock_home_page_ms(requests=30):
    """(median, p95) in milliseconds for a stock `wagtail start` home page."""
    with StockSite() as stock:
        timings = stock.time(requests)
    return statistics.median(timings), statistics.quantiles(timings, n=20)[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30)
    median, p95 = stock_home_page_ms(parser.parse_args().requests)
    print(f"{median:.1f} {p95:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
