pytest_plugins = [
    "tests.fixtures.paths",
    "tests.fixtures.infrastructure",
    "tests.fixtures.pipeline",
    "tests.fixtures.ingest_app",
    "tests.fixtures.query_api",
]
