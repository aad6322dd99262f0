"""The one exception the pipeline sees for a statement that breaks the xAPI data model."""

from __future__ import annotations


class InvalidStatement(ValueError):
    """A statement (or request body) that breaks a MUST of the xAPI data part.

    The message is 'path: rule', e.g. 'statement.actor.mbox: must be a mailto IRI'; the LRS answers
    400 Bad Request with it.
    """

    path: str
    rule: str

    def __init__(self, path: str, rule: str) -> None:
        super().__init__(f"{path}: {rule}")
        self.path = path
        self.rule = rule
