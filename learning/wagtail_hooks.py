from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.menu import MENU_HOOK, MenuItem


@hooks.register(MENU_HOOK)
def my_learning_menu_item(request):
    # After the section pages (courses, assessment, cases, lessons), before nothing.
    return MenuItem(label=_("My learning"), url=reverse("learning:my_learning"), order=900)
