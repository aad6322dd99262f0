"""Demo data: a year of learning in a (fictional) city administration, and its loading.

``python -m services.demo generate --out DIR`` writes the files; ``send`` loads them into a
running pipeline (unit tree and roster through the competency CLI, statements over HTTP).
Everything is deterministic from ``--seed``; the people, NIPs and e-mail addresses are
invented.
"""
