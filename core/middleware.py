"""Pages that need sign-in carry `Cache-Control: no-store, private`: no browser back button, shared
computer or proxy keeps a copy of a page about a child (issue 20)."""

PRIVATE = "no-store, private"


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        needs_sign_in = getattr(request, "_page_needs_sign_in", True)
        if needs_sign_in or request.user.is_authenticated:
            response["Cache-Control"] = PRIVATE
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # @login_not_required pages (sign-in, health check, accessibility) set login_required.
        request._page_needs_sign_in = getattr(view_func, "login_required", True)
        return None
