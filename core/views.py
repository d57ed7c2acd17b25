"""Pages that belong to the service as a whole: home, health check, accessibility statement, errors."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery import app as celery_app
from core import home as home_links
from core import selectors, worklists

logger = logging.getLogger(__name__)


def home(request):
    """The signed-in user's starting page: one section per role they hold, each with the work
    waiting for that role (core.worklists) and the pages the role uses."""
    sections = home_links.sections_for(request.user)
    shown: set = set()
    for section in sections:
        section["work_lists"] = worklists.work_lists_for(request.user, section["code"], shown=shown)
    return render(
        request,
        "core/home.html" if sections else "core/no_role.html",
        {"sections": sections},
    )


def signed_in_check(request):
    """The floor of the service's pages (issue 25, ADR 70): the base layout after one indexed
    query (the signed-in user by primary key), through the same middleware as every page. It
    tells someone who asks support "am I signed in, and as whom?"; the benchmark measures every
    other page as a multiple of it."""
    person = selectors.signed_in_person(request.user)
    return render(request, "core/signed_in_check.html", {"person": person})


@login_not_required
def accessibility_statement(request):
    return render(request, "core/accessibility_statement.html")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:  # any failure means the database cannot serve requests
        logger.exception("Health check: database unreachable")
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return True
    except Exception:  # any failure means tasks cannot be queued
        logger.exception("Health check: broker unreachable")
        return False


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: 200 when the database and the broker answer, else 503."""
    checks = {
        "database": "ok" if _database_ok() else "unavailable",
        "broker": "ok" if _broker_ok() else "unavailable",
    }
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request context, so it cannot fail on what caused the error.
    from django.http import HttpResponseServerError
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponseServerError(
        template.render(
            {"service_name": settings.SERVICE_NAME, "authority_name": settings.AUTHORITY_NAME}
        )
    )
