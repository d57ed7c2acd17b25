"""Answer a repeated form submission with the first one's answer (ADR 49).

Every POST form carries a one-time token ({% submission_token %}). The first request to send it
claims it and runs the view; when the view answers with a redirect (the record it created or
changed), that location is kept. A second request with the same token (a double click, a browser
or proxy retrying) does not run the view: it waits for the first and is sent to the same place.
"""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponseRedirect
from django.shortcuts import render

from . import services


class SubmissionTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        row = getattr(request, "_submission_claim", None)
        if row is not None:
            location = response.get("Location", "") if 300 <= response.status_code < 400 else ""
            if location:
                services.finish(row, location=location)
            else:
                services.release(row)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """After the sign-in and CSRF checks (earlier middleware), before the view."""
        if request.method != "POST" or not request.user.is_authenticated:
            return None
        token = request.POST.get(services.FIELD_NAME, "")
        if not token:
            return None
        if not services.WELL_FORMED.fullmatch(token):
            raise SuspiciousOperation("Submission token malformed")
        claim = services.claim(token, user=request.user, path=request.path)
        if claim.mine:
            request._submission_claim = claim.row
            return None
        if claim.row is None:
            # Someone else's token, or one sent to another page: never replay it.
            raise SuspiciousOperation("Submission token used elsewhere")
        if claim.row.location:
            return HttpResponseRedirect(claim.row.location)
        return render(request, "core/submission_in_progress.html", status=409)
