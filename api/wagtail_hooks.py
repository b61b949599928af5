from wagtail import hooks

from api.admin_views import ScopedAPITokenViewSet


@hooks.register("register_admin_viewset")
def register_api_tokens():
    # Wagtail registers its own token screens only with wagtail.api.v3 installed,
    # which this project does not install: these replace them, with scopes.
    return ScopedAPITokenViewSet("wagtailusers_api_tokens", url_prefix="api-tokens")
