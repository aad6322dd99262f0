"""Command line for per-platform credentials: ``python -m services.credentials``."""
