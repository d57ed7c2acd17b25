from django.conf import settings

from core import navigation


def service(request):
    """The service name and the navigation the signed-in user's roles can use."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "authority_name": settings.AUTHORITY_NAME,
        "navigation_items": navigation.items_for(user, match.view_name if match else None),
    }
