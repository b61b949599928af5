"""The editable taxonomy for `load_demo`: industries and products an operator's
enterprise customers are grouped by. Idempotent: existing names are left as they are."""

from datetime import timedelta

from django.utils import timezone

from core.models import Comment, HelpfulVote, Industry, Product

INDUSTRIES = ["政府机关", "金融", "教育", "医疗卫生", "制造业", "交通物流", "零售连锁", "中小企业"]
PRODUCTS = ["数据专线", "企业宽带", "集团V网", "固移融合（FMC）", "3G数据卡", "行业短信", "视频会议", "IDC机房托管"]


def load(stdout=None):
    for index, name in enumerate(INDUSTRIES):
        Industry.objects.get_or_create(name=name, defaults={"sort_order": index})
    for index, name in enumerate(PRODUCTS):
        Product.objects.get_or_create(name=name, defaults={"sort_order": index})


# Demo discussions unfold after the page went out: the first reaction some hours later,
# then more over the following days, never after now.
FIRST_REACTION = timedelta(hours=5)
BETWEEN_REACTIONS = timedelta(hours=19)


def unfold_discussion(page, *, published_at, now=None):
    """Backdate the demo's comments and helpful votes on `page` so they read as a
    discussion that followed its publication, instead of all carrying the load time."""
    now = now or timezone.now()
    moments = (published_at + FIRST_REACTION + index * BETWEEN_REACTIONS for index in range(10_000))
    for model in (Comment, HelpfulVote):
        for row_pk, moment in zip(
            model.objects.filter(page=page).order_by("pk").values_list("pk", flat=True), moments, strict=False
        ):
            model.objects.filter(pk=row_pk).update(created_at=min(moment, now - timedelta(minutes=30)))
