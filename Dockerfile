# One image for the three services; docker-compose picks the module to run.
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --locked --no-dev --no-install-project
COPY services ./services
COPY schemas ./schemas
COPY devstack ./devstack
RUN uv sync --locked --no-dev
RUN useradd --system --uid 10001 lrs
USER lrs
ENV PATH="/app/.venv/bin:$PATH"
CMD ["python", "-m", "services.ingest"]
