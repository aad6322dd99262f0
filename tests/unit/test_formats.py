from __future__ import annotations

from services.ingest.formats import to_canonical, to_ids
from tests.statements import completion


def test_ids_keeps_only_identifiers() -> None:
    statement = completion()
    statement["actor"]["name"] = "Siti"
    slim = to_ids(statement)
    assert slim["actor"] == {"objectType": "Agent", "account": statement["actor"]["account"]}
    assert slim["verb"] == {"id": statement["verb"]["id"]}
    assert slim["object"] == {"id": statement["object"]["id"]}
    assert slim["result"] == statement["result"]


def test_canonical_picks_the_preferred_language_of_each_map() -> None:
    statement = completion()
    statement["object"]["definition"]["name"] = {"en-US": "Public service ethics", "id-ID": "Etika"}
    indonesian = to_canonical(statement, "id;q=0.9, en;q=0.5")
    assert indonesian["verb"]["display"] == {"id-ID": "menyelesaikan"}
    assert indonesian["object"]["definition"]["name"] == {"id-ID": "Etika"}
    english = to_canonical(statement, "en-GB, *;q=0.1")
    assert english["object"]["definition"]["name"] == {"en-US": "Public service ethics"}
    # Extensions are data, not language maps.
    assert (
        english["object"]["definition"]["extensions"]
        == statement["object"]["definition"]["extensions"]
    )
