"""The yardstick the page benchmark compares against: the home page of a stock project
made by `wagtail start`, with the same Wagtail and Django, timed the same way (Django's
test client, in-process, after a warm-up).

    python -m tests.benchmarks.stock --requests 30      # prints "median_ms p95_ms"

The stock project lives in a temporary folder and runs in its own process, with its
own settings; `python -m tests.benchmarks` runs this and prints the result beside
our pages.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TIMER = """
import statistics, time
import django
django.setup()
from django.test import Client
client = Client()
for _ in range(5):
    assert client.get("/").status_code == 200
timings = []
for _ in range({requests}):
    started = time.perf_counter()
    client.get("/")
    timings.append(time.perf_counter() - started)
median = statistics.median(timings) * 1000
p95 = statistics.quantiles(timings, n=20)[-1] * 1000
print(f"{{median:.2f}} {{p95:.2f}}")
"""


def stock_home_page_ms(requests=30):
    """(median, p95) in milliseconds for a stock `wagtail start` home page."""
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
    timed = subprocess.run([sys.executable, "-c", TIMER.format(requests=requests)], **run)
    median, p95 = (float(value) for value in timed.stdout.split()[-2:])
    return median, p95


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30)
    median, p95 = stock_home_page_ms(parser.parse_args().requests)
    print(f"{median:.1f} {p95:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
