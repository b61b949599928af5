import pytest
from django.urls import path


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view)]


@pytest.mark.urls("tests.core.test_error_pages")
def test_server_errors_show_a_calm_bilingual_page(client, db):
    client.raise_request_exception = False
    response = client.get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错了" in html
    assert "Something went wrong on our side" in html
    assert "boom" not in html
