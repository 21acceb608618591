# Check your thinking: a small production image (SQLite in /data by default).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CYT_DATA_DIR=/data \
    CYT_CARDS_DIR=/app/cards \
    CYT_SESSIONS_DIR=/app/sessions \
    CYT_TEMPLATES_DIR=/app/templates \
    CYT_STATIC_DIR=/app/static

# WeasyPrint (PDF exports and the printable deck) needs Pango and HarfBuzz: the same
# packages .ci/run installs for PDFs. PDFs use the font shipped in static/fonts; DejaVu is
# only the fallback for characters outside it (someone's words in another script).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 cyt \
    && useradd --system --uid 10001 --gid cyt --home-dir /app --shell /usr/sbin/nologin cyt

WORKDIR /app
COPY pyproject.toml README.md ./
COPY app ./app
# Editable, so the app finds templates/ and static/ beside it in /app (PROJECT_ROOT).
RUN pip install --no-cache-dir -e .
COPY cards ./cards
COPY sessions ./sessions
COPY static ./static
COPY templates ./templates

RUN mkdir -p /data && chown 10001:10001 /data
VOLUME ["/data"]
USER 10001:10001
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]

CMD ["cyt", "serve", "--host", "0.0.0.0", "--port", "8000"]
