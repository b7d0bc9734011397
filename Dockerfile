FROM python:3.11-slim

# manage.py in the image reads the production settings, not the development ones.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/app/var \
    DJANGO_SETTINGS_MODULE=config.settings
WORKDIR /app

COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir --upgrade "pip>=25.1" \
    && pip install --no-cache-dir --group app

COPY . .
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --system --home /app app && mkdir -p /app/var/media && chown -R app /app/var
USER app

EXPOSE 8000
# Bind, workers (WEB_CONCURRENCY) and logs (no addresses or query strings): config/gunicorn.conf.py.
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn config.wsgi --config config/gunicorn.conf.py"]
