#!/usr/bin/env bash
# Serve the app for `make run`: the web server in the foreground, a Celery worker with its beat
# scheduler beside it. With no REDIS_URL the broker is kombu's filesystem transport: no server needed.
set -euo pipefail
host="${1:-127.0.0.1}"
port="${2:-8000}"
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.local}"
mkdir -p .celery-broker/out .celery-broker/processed

.venv/bin/celery -A config worker --beat --pool=solo --loglevel=WARNING \
  --schedule=.celery-broker/celerybeat-schedule > .celery-broker/worker.log 2>&1 &
worker_pid=$!
trap 'kill "$worker_pid" 2>/dev/null || true' EXIT INT TERM

cat <<MSG

  Manage child protection conferences is running at http://${host}:${port}/
  The scheduler (Celery worker and beat) is running; its log is .celery-broker/worker.log

  Demo sign-ins (password for all: demo-password-2026):
    social.worker@demo.example       social worker
    team.manager@demo.example        team manager
    service.manager@demo.example     service manager
    head.of.service@demo.example     head of service
    coordinator@demo.example         conference coordinator
    chair@demo.example               independent chair
    minute.taker@demo.example        minute taker
    qa.manager@demo.example          quality assurance manager
    health.visitor@demo.example      agency professional (health visitor)
    enquirer@demo.example            enquirer (police)
    no.role@demo.example             a user with no role yet

MSG
.venv/bin/python manage.py runserver "${host}:${port}"
