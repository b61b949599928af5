"""Headers every response carries beyond Django's own security middleware.

- Signed-in pages are never stored by the browser or a proxy (`no-store`): they show
  results, grades and customer details, and a shared computer's back button or disk
  cache must not give them to the next person. A view that decided its own caching
  keeps its header.
- The site uses no camera, microphone, location or payment API, and says so
  (Permissions-Policy), so nothing embedded in a lesson can ask for them.
"""

from django.utils.cache import patch_cache_control

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
