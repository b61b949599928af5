from django.utils.translation import gettext_lazy as _

from core.reports import register_report
from home.reports import SearchTermsView

register_report(
    SearchTermsView,
    url_path="reports/searches/",
    label=_("What people search for"),
    icon_name="search",
    order=150,
)
