import factory
from factory.django import DjangoModelFactory

from accounts.models import Agency, AgencyKind, Role, RoleCode, Team, User

factory.Faker._DEFAULT_LOCALE = "en_GB"

TEST_PASSWORD = "correct-horse-battery-staple"


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Agency {n}")
    kind = AgencyKind.HEALTH
    known_phone_number = factory.Faker("phone_number")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Assessment Team {n}")
    agency = factory.SubFactory(AgencyFactory, kind=AgencyKind.CHILDRENS_SOCIAL_CARE)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@test.example")
    full_name = factory.Faker("name")
    job_title = "Social worker"
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=["social_worker", "chair"]) gives the user those roles."""
        if not create or not extracted:
            return
        # get_or_create: transactional (browser) tests flush the roles the data migration made.
        labels = dict(RoleCode.choices)
        self.roles.set(
            [
                Role.objects.get_or_create(code=code, defaults={"name": labels[code]})[0]
                for code in extracted
            ]
        )
