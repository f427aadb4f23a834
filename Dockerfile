# syntax=docker/dockerfile:1
# Papergraph's image: `docker build -t papergraph .`, then see docker-compose.yml.

# --- build: a virtual environment with the pinned runtime dependencies and the package ---
FROM python:3.11-slim-bookworm AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /app
# The lock first: the dependency layer is rebuilt only when the pins change.
COPY requirements-runtime.lock ./
# --no-deps installs exactly the pins; pip check then proves the lock is complete.
RUN pip install --no-deps -r requirements-runtime.lock && pip check

COPY pyproject.toml README.md alembic.ini ./
COPY api ./api
COPY migrations ./migrations
# Installed in place: migrations/ and seeds/ are found next to the package, as in a checkout.
RUN pip install --no-deps -e .

# --- runtime: the environment and the code, no compilers, not root ---
FROM python:3.11-slim-bookworm AS runtime

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PAPERGRAPH_ENV=production \
    PAPERGRAPH_HOST=0.0.0.0 \
    PAPERGRAPH_PORT=8000 \
    PAPERGRAPH_DATA_DIR=/app/data

RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home papergraph

WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
COPY seeds ./seeds
# The embedded SQLite file lives here; mount a volume on it to keep the data.
RUN mkdir -p /app/data && chown papergraph:papergraph /app/data
VOLUME ["/app/data"]

USER papergraph
EXPOSE 8000

# Liveness only: /readyz is for load balancers, which should stop routing, not restart.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PAPERGRAPH_PORT', '8000')}/healthz\", timeout=4)"]

CMD ["papergraph", "serve", "--host", "0.0.0.0"]
