from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def health_check(request):
    """Answers load balancers and is the floor that `make bench` measures pages against:
    the same middleware stack, one database connection check, no queries."""
    connection.ensure_connection()
    return HttpResponse("ok", content_type="text/plain")
