"""Demo people for `load_demo`: every role, two regions, two teams.

Idempotent: records are found by their natural keys and only created when missing,
and a password is set only on creation, so a second run writes nothing.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group

from accounts.models import Region, Team, TeamMembership, User
from accounts.roles import ASSESSOR, DIRECTOR, EDITOR, LEARNER

DEMO_PASSWORD = "academy-demo-2026"

REGIONS = [
    ("east", "城东区域营销中心"),
    ("west", "城西区域营销中心"),
]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    display_name: str
    employee_number: str
    region: str
    roles: tuple
    is_superuser: bool = False
    note: str = ""


PEOPLE = [
    DemoPerson("admin", "系统管理员", "A0001", "east", (), is_superuser=True, note="全部权限 · everything"),
    DemoPerson("editor", "王晓燕", "E1001", "east", (EDITOR,), note="发布课程、案例、测评 · publishes content"),
    DemoPerson("assessor", "李建国", "E1002", "east", (ASSESSOR,), note="评分与认证 · grades and certifies"),
    DemoPerson("director", "张伟", "E2001", "east", (DIRECTOR, LEARNER), note="城东集客一组主任 · leads East team 1"),
    DemoPerson("director2", "赵敏", "E2002", "west", (DIRECTOR, LEARNER), note="城西集客一组主任 · leads West team 1"),
    DemoPerson("learner", "陈晓", "E3001", "east", (LEARNER,), note="初级客户经理 · junior account manager"),
    DemoPerson("liuyang", "刘洋", "E3002", "east", (LEARNER,), note="中级客户经理 · intermediate"),
    DemoPerson("zhoumin", "周敏", "E3003", "east", (LEARNER,), note="高级客户经理 · senior"),
    DemoPerson("sunlei", "孙磊", "E3004", "east", (LEARNER,), note="信息化顾问 · IT consultant"),
    DemoPerson("wujing", "吴静", "E3005", "west", (LEARNER,), note="初级客户经理 · junior account manager"),
    DemoPerson("zhengkai", "郑凯", "E3006", "west", (LEARNER,), note="中级客户经理 · intermediate"),
]

TEAMS = [
    ("城东集客一组", "east", "director", ["learner", "liuyang", "zhoumin", "sunlei"]),
    ("城西集客一组", "west", "director2", ["wujing", "zhengkai"]),
]


def load(stdout=None):
    regions = {code: _region(code, name) for code, name in REGIONS}
    users = {person.username: _user(person, regions[person.region]) for person in PEOPLE}
    for name, region_code, director, members in TEAMS:
        team, _created = Team.objects.get_or_create(
            region=regions[region_code], name=name, defaults={"director": users[director]}
        )
        for username in members:
            TeamMembership.objects.get_or_create(team=team, user=users[username])
    return users


def login_table():
    """Rows of (username, password, name, role note) for the printed table."""
    return [(person.username, DEMO_PASSWORD, person.display_name, person.note) for person in PEOPLE]


def _region(code, name):
    region, _created = Region.objects.get_or_create(code=code, defaults={"name": name})
    return region


def _user(person, region):
    user, created = User.objects.get_or_create(
        username=person.username,
        defaults={
            "display_name": person.display_name,
            "legal_name": person.display_name,
            "employee_number": person.employee_number,
            "email": f"{person.username}@academy.example.com",
            "region": region,
            "is_superuser": person.is_superuser,
            "is_staff": person.is_superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    wanted = [Group.objects.get(name=role.group_name) for role in person.roles]
    if wanted:
        user.groups.add(*wanted)
    return user
