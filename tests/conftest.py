pytest_plugins = [
    "tests.fixtures.paths",
    "tests.fixtures.infrastructure",
    "tests.fixtures.pipeline",
    "tests.fixtures.ingest_app",
]
