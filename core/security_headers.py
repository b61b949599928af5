"""Headers every response carries beyond Django's own security middleware.

- Signed-in pages are never stored by the browser or a proxy (`no-store`): they show
  results, grades and customer details, and a shared computer's back button or disk
  cache must not give them to the next person. A view that decided its own caching
  keeps its header.
- The site uses no camera, microphone, location or payment API, and says so
  (Permissions-Policy), so nothing embedded in a lesson can ask for them.
- A Content-Security-Policy runs only scripts from our own static files on the site:
  no inline script, no other origin, so text that slipped past escaping still cannot
  run. Inline style attributes (progress bars) stay allowed. Wagtail's admin still
  writes a few inline scripts (date pickers, inline panels), so its paths allow those.
  Two fixed strings need no library; django-csp's nonces would serve inline scripts
  we do not have.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

_SHARED_POLICY = (
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
SITE_POLICY = "; ".join((*_SHARED_POLICY, "script-src 'self'", "frame-ancestors 'none'"))
# The admin frames its own previews, hence 'self' for frame-ancestors.
ADMIN_POLICY = "; ".join((*_SHARED_POLICY, "script-src 'self' 'unsafe-inline'", "frame-ancestors 'self'"))


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Content-Security-Policy", content_security_policy(request.path_info))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


def content_security_policy(path):
    return ADMIN_POLICY if path.startswith(settings.ADMIN_URL_PREFIX) else SITE_POLICY
