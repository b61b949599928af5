"""The editable taxonomy for `load_demo`: industries and products an operator's
enterprise customers are grouped by. Idempotent: existing names are left as they are."""

from core.models import Industry, Product

INDUSTRIES = ["政府机关", "金融", "教育", "医疗卫生", "制造业", "交通物流", "零售连锁", "中小企业"]
PRODUCTS = ["数据专线", "企业宽带", "集团V网", "固移融合（FMC）", "3G数据卡", "行业短信", "视频会议", "IDC机房托管"]


def load(stdout=None):
    for index, name in enumerate(INDUSTRIES):
        Industry.objects.get_or_create(name=name, defaults={"sort_order": index})
    for index, name in enumerate(PRODUCTS):
        Product.objects.get_or_create(name=name, defaults={"sort_order": index})
