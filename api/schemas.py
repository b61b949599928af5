"""The API's JSON shapes; the OpenAPI description is generated from them."""

import re
from datetime import UTC, datetime
from typing import Annotated, Literal

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator

# The largest id the database holds (PostgreSQL's integer); a larger one is a 422, not
# an overflow inside the database driver.
MAX_ID = 2**31 - 1


def _iso_8601_only(value):
    # pydantic also reads "-142" or "1700000000" as a moment (seconds since 1970): a
    # client that sent a number meant something else, and is told so.
    if isinstance(value, str) and not re.match(r"^\d{4}-\d{2}-\d{2}", value):
        raise ValueError("an ISO 8601 date and time, such as 2026-12-01T08:00:00+08:00")
    return value


def _in_utc(value):
    # PostgreSQL refuses offsets beyond ±15:59 ("-17:43" is valid ISO 8601): compare in
    # UTC. A moment without an offset is in the site's time zone, as people write it.
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        return value.astimezone(UTC)
    except OverflowError as error:
        raise ValueError("a moment between the years 1 and 9999") from error


Moment = Annotated[datetime, BeforeValidator(_iso_8601_only), AfterValidator(_in_utc)]


class Person(Schema):
    employee_number: str = Field(description="工号, the key HR's staff list and single sign-on use; may be empty")
    username: str
    name: str

    @staticmethod
    def resolve_name(user):
        return user.official_name


class CourseRef(Schema):
    id: int
    title: str
    url: str | None

    @staticmethod
    def resolve_url(course, context):
        return course.get_full_url(context["request"])


class Completion(Schema):
    person: Person = Field(alias="user")
    course: CourseRef
    enrolled_at: datetime
    completed_at: datetime


class CompletionFilters(Schema):
    since: Moment | None = Field(None, description="Completions at or after this moment (ISO 8601)")
    person: str | None = Field(None, description="One person, by employee number")
    course: int | None = Field(None, ge=1, le=MAX_ID, description="One course, by page id")


class Certification(Schema):
    id: int
    name: str
    grade: str

    @staticmethod
    def resolve_grade(certification):
        return certification.grade.name


class CertificateOut(Schema):
    code: str = Field(description="The verification code printed on the certificate")
    person: Person = Field(alias="user")
    holder_name: str
    certification: Certification
    status: Literal["valid", "expired", "revoked"]
    issued_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    revocation_reason: str
    replaced_by_newer: bool = Field(alias="superseded")
    verify_url: str

    @staticmethod
    def resolve_status(certificate):
        return certificate.status()

    @staticmethod
    def resolve_verify_url(certificate, context):
        return context["request"].build_absolute_uri(reverse("quizzes:verify", args=[certificate.code]))


class CertificateFilters(Schema):
    changed_since: Moment | None = Field(
        None, description="Certificates issued, revoked or expired at or after this moment (ISO 8601)"
    )
    person: str | None = Field(None, description="One person, by employee number")
    status: Literal["valid", "expired", "revoked"] | None = None
