# Certif-UP image: the web (gunicorn + WhiteNoise), the Celery worker and the beat all run it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PATH=/opt/venv/bin:$PATH

# WeasyPrint's system libraries (Pango, HarfBuzz) and a font for the PDF summary.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv

WORKDIR /app
# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# Static files hashed and compressed for WhiteNoise. Production settings are checked at import,
# hence build-only values that never reach a running container.
RUN CERTIFUP_ENV=production SECRET_KEY=build-only ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build@localhost/build CELERY_BROKER_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput

# The private folder exists in the image, empty and owned by certifup, so that a fresh named
# volume mounted there takes that owner (Docker copies the mount point's ownership). VOLUME: even
# a plain `docker run` puts uploads on a volume, never in the container's writable layer (var/
# is in .dockerignore, so no local upload reaches the image either).
RUN useradd --system --uid 1000 --home /app certifup \
    && mkdir -p /app/var/private && chown -R certifup /app/var
ENV PRIVATE_STORAGE_ROOT=/app/var/private
VOLUME ["/app/var/private"]
USER certifup

EXPOSE 8000
# Every gunicorn setting is in gunicorn.conf.py (WEB_CONCURRENCY, GUNICORN_THREADS…).
CMD ["gunicorn", "certifup.wsgi", "--config", "gunicorn.conf.py"]
