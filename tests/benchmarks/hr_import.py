"""Importing HR's staff list at scale: time and peak memory to check and apply a list of
50,000 people, to import the same list again (nothing changes), and to import next
month's list (movers, leavers, newcomers).

    python -m tests.benchmarks.hr_import                       # 50,000 people, 2,500 teams
    python -m tests.benchmarks.hr_import --people 5000          # quick
    python -m tests.benchmarks.hr_import --database-url postgres://postgres@127.0.0.1:5432/academy_bench

The list is an Excel file, as HR hands it over. Each step runs the background tasks the
admin pages queue (checking, then importing) in this process. Memory is the process's
peak resident size (the whole process: Django included), printed after each step.
"""

import argparse
import io
import os
import resource
import sys
import time

REGIONS = 10


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=50_000, help="people in the staff list (default: 50,000)")
    parser.add_argument("--team-size", type=int, default=20, help="members per team (default: 20)")
    parser.add_argument("--database-url", help="a throwaway database (default: a new SQLite file)")
    return parser.parse_args()


def staff_list(people, team_size, grades, *, month=0):
    """Rows of HR's export. Each team's director heads its first row; month 1 moves
    every 20th person to the next team, lets every 50th leave and hires 1% more."""
    teams = max(1, people // team_size)
    rows = []
    for n in range(people):
        team = n % teams
        region = team % REGIONS
        status = "在职"
        if month and n % 50 == 7:
            status = "离职"
        elif month and n % 20 == 3:
            team = (team + 1) % teams
            region = team % REGIONS
        director = "" if n < teams else str(100_000 + team)
        rows.append(
            [
                str(100_000 + n),
                f"员工{n}",
                f"staff{n}@academy.example.com",
                f"第{region + 1}区域营销中心",
                "" if n < teams else f"政企{team + 1}组",
                grades[n % len(grades)],
                director,
                status,
            ]
        )
    if month:
        rows += [
            [
                str(900_000 + n),
                f"新员工{n}",
                "",
                f"第{n % REGIONS + 1}区域营销中心",
                f"政企{n % teams + 1}组",
                grades[0],
                "",
                "",
            ]
            for n in range(people // 100)
        ]
    return rows


def xlsx(rows):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("人员")
    sheet.append(["工号", "姓名", "邮箱", "区域", "团队", "岗位层级", "主任工号", "在职状态"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def import_once(content, *, admin, create_missing, label):
    from hr.models import PeopleImport
    from hr.services import check_people_import, run_people_import

    record = PeopleImport.objects.create(
        original_name=f"{label}.xlsx", created_by=admin, create_missing=create_missing, upload=content
    )
    started = time.perf_counter()
    check_people_import.call(record.pk)
    checked = time.perf_counter() - started
    record.refresh_from_db()
    if record.problems:
        print(f"{label}: {len(record.problems)} problems, e.g. {record.problems[:3]}")
        return
    record.state = PeopleImport.State.QUEUED
    record.save(update_fields=["state"])
    started = time.perf_counter()
    run_people_import.call(record.pk)
    applied = time.perf_counter() - started
    record.refresh_from_db()
    changes = {key: value for key, value in record.counts.items() if value}
    if os.environ.get("SAMPLES"):
        print({kind: rows[:3] for kind, rows in record.samples.items()})
    print(
        f"{label}: {record.total:,} people, checked in {checked:.1f}s, applied in {applied:.1f}s "
        f"({record.get_state_display()}); {changes}; peak memory so far {peak_mb():.0f} MB",
        flush=True,
    )


def main():
    args = parse_args()
    from tests.benchmarks.__main__ import configure

    database_url = configure(args.database_url)
    from accounts.models import User
    from competencies import demo as competencies_demo
    from competencies.models import JobGrade

    competencies_demo.load()
    grades = list(JobGrade.objects.values_list("name", flat=True))
    admin = User.objects.create(username="bench-admin", is_superuser=True)
    print(f"database: {database_url.split('@')[-1]}; peak memory after start-up {peak_mb():.0f} MB")

    started = time.perf_counter()
    first = xlsx(staff_list(args.people, args.team_size, grades))
    print(f"built the staff list ({len(first) / 1024 / 1024:.1f} MB of Excel) in {time.perf_counter() - started:.1f}s")
    import_once(first, admin=admin, create_missing=True, label="first import")
    import_once(first, admin=admin, create_missing=False, label="the same list again")
    month = xlsx(staff_list(args.people, args.team_size, grades, month=1))
    import_once(month, admin=admin, create_missing=False, label="next month's list")
    return 0


if __name__ == "__main__":
    sys.exit(main())
