"""The verbs and activity types our statements use. ADL's own where the xAPI community
has one that means what we mean; the rest are ours, under XAPI_IRI_BASE, so an LRS
report can still tell them apart from anyone else's."""

from dataclasses import dataclass

from django.conf import settings

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITIES = "http://adlnet.gov/expapi/activities/"


def own_iri(path):
    base = settings.XAPI_IRI_BASE or settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/xapi/"
    return base.rstrip("/") + "/" + path.lstrip("/")


@dataclass(frozen=True)
class Verb:
    key: str
    english: str
    chinese: str
    adl: bool = True

    @property
    def iri(self):
        return ADL_VERBS + self.key if self.adl else own_iri(f"verbs/{self.key}")

    def as_json(self):
        return {"id": self.iri, "display": {"en-US": self.english, "zh-CN": self.chinese}}


EXPERIENCED = Verb("experienced", "experienced", "学习了")
COMPLETED = Verb("completed", "completed", "完成了")
ATTEMPTED = Verb("attempted", "attempted", "开始作答")
PASSED = Verb("passed", "passed", "通过了")
FAILED = Verb("failed", "failed", "未通过")
SHARED = Verb("shared", "shared", "分享了")
EARNED = Verb("earned", "earned", "获得了", adl=False)
EXPIRED = Verb("expired", "saw expire", "证书到期", adl=False)
REVOKED = Verb("revoked", "had revoked", "证书被撤销", adl=False)
REACHED_LEVEL = Verb("reached-level", "reached a level in", "能力等级变为", adl=False)
WAS_ASSIGNED = Verb("was-assigned", "was assigned", "被指派了", adl=False)
APPLIED = Verb("applied", "applied", "在客户上应用了", adl=False)

# What kind of thing an activity is, by the short names call sites use: ADL's types
# where they exist, ours for the rest.
ADL_ACTIVITY_TYPES = {"course", "lesson", "assessment", "objective"}


def activity_type(kind):
    return ADL_ACTIVITIES + kind if kind in ADL_ACTIVITY_TYPES else own_iri(f"activity-types/{kind}")
