import factory
from django.contrib.auth.models import Group

from accounts.models import Region, Team, TeamMembership, User
from accounts.roles import DIRECTOR, EDITOR, LEARNER

PASSWORD = "correct-horse-battery-staple"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"第{n}区域营销中心")
    code = factory.Sequence(lambda n: f"region-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"客户经理{n}")
    legal_name = factory.LazyAttribute(lambda user: user.display_name)
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    employee_number = factory.Sequence(lambda n: f"T{n:05d}")
    region = factory.SubFactory(RegionFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """Pass roles=[...] to override the factory's default roles."""
        if not create:
            return
        self.save()
        wanted = extracted if extracted is not None else kwargs.get("default", ())
        if wanted:
            self.groups.add(*[Group.objects.get(name=role.group_name) for role in wanted])


class LearnerFactory(UserFactory):
    roles__default = (LEARNER,)


class DirectorFactory(UserFactory):
    roles__default = (DIRECTOR, LEARNER)


class EditorFactory(UserFactory):
    roles__default = (EDITOR,)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"集客{n}组")
    region = factory.SubFactory(RegionFactory)
    director = factory.SubFactory(DirectorFactory)


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(LearnerFactory)


def previewed_people_import(*, created_by, employee_number, name, problems=()):
    """An import of one new person from HR's staff list, checked and waiting for
    confirmation, as the background check leaves it."""
    from hr.models import PeopleImport
    from hr.reading import Row

    return PeopleImport.objects.create(
        original_name=f"{employee_number}.csv",
        created_by=created_by,
        state=PeopleImport.State.PREVIEW,
        rows=[Row(line=2, employee_number=employee_number, name=name).as_data()],
        total=1,
        problems=list(problems),
    )
