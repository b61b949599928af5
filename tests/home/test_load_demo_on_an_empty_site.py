"""What the demo loader does to a site that has no demo yet: it keeps what an editor
wrote, and refuses to run in production unless asked. (The demo's own content is
checked in test_load_demo.py, which loads it once for all its tests.)"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import User
from home.models import HomePage

pytestmark = pytest.mark.django_db


def test_demo_leaves_an_editors_home_page_alone():
    home = HomePage.objects.get()
    home.body = [("quote", {"text": "编辑自己写的", "attribution": ""})]
    home.save_revision().publish()
    call_command("load_demo", allow_production=True, stdout=StringIO())
    home.refresh_from_db()
    assert home.body[0].value["text"] == "编辑自己写的"


@override_settings(DEBUG=False)
def test_demo_refuses_to_run_without_debug_unless_asked():
    with pytest.raises(CommandError, match=r"only\s+with DEBUG on"):
        call_command("load_demo", stdout=StringIO())
    assert not User.objects.filter(username="admin").exists()
