# Production image: gunicorn serving Django; the same image runs the Celery worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY assets ./assets
RUN mkdir -p static/dist && npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=config.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir uv==0.13.9 \
    && useradd --create-home --uid 1000 app
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev
COPY --chown=app:app . .
COPY --from=assets --chown=app:app /app/static/dist ./static/dist
COPY --from=assets --chown=app:app /app/node_modules/govuk-frontend ./node_modules/govuk-frontend
# The font every PDF is set in (ADR 62).
COPY --from=assets --chown=app:app /app/node_modules/@expo-google-fonts/arimo ./node_modules/@expo-google-fonts/arimo
RUN SECRET_KEY=build-only-not-used python manage.py collectstatic --noinput \
    && mkdir -p /data/private_media && chown app:app /data/private_media
USER app
EXPOSE 8000
# Workers, threads and how long a new connection may hold a thread: gunicorn.conf.py (ADR 78).
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
