from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.endpoints import api
from core import views as core_views
from home import views as home_views

urlpatterns = [
    path("healthz", core_views.health_check, name="health_check"),
    path("healthz/error", core_views.error_check, name="error_check"),
    path("readyz", core_views.readiness_check, name="readiness_check"),
    # Wagtail's failwhale raises on purpose for anyone, signed in or not: every visit
    # would mail the administrators. /healthz/error does that job behind a token.
    path("admin/failwhale/", core_views.not_found),
    # The admin's own sign-in form would skip the lockout message and the second step.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", core_views.switch_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("accounts.urls")),
    path("", include("core.urls")),
    path("learning/", include("learning.urls")),
    path("capture/", include("capture.urls")),
    path("knowledge/", include("knowledge.urls")),
    path("growth/map/", home_views.learning_map_view, name="learning_map"),
    path("growth/", include("competencies.urls")),
    path("teams/", include("home.urls")),
    path("discussions/", include("cases.urls")),
    path("", include("quizzes.urls")),
    path("api/v1/", api.urls),
    path("search/", home_views.search_page, name="search"),
    path("search/suggest/", home_views.search_suggestions, name="search_suggestions"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves every other path, so it goes last. Its own sign-in form
# for restricted pages gives way to ours, as the admin's does.
urlpatterns += [
    path("_util/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("", include(wagtail_urls)),
]
