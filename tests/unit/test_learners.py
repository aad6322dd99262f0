from __future__ import annotations

import pytest

from services.common.learners import NoLearnerIdentifier, learner_key


@pytest.mark.parametrize(
    ("actor", "key"),
    [
        ({"mbox": "mailto:Siti@Palukota.go.id"}, "mbox:mailto:siti@palukota.go.id"),
        (
            {"mbox_sha1sum": "ABCDEF0123456789ABCDEF0123456789ABCDEF01"},
            "mbox_sha1sum:abcdef0123456789abcdef0123456789abcdef01",
        ),
        ({"openid": "https://id.example.org/siti"}, "openid:https://id.example.org/siti"),
        (
            {"account": {"homePage": "https://siasn.bkn.go.id", "name": "198503302010011002"}},
            "account:https://siasn.bkn.go.id|198503302010011002",
        ),
    ],
)
def test_each_identifier_has_its_canonical_key(actor: dict[str, object], key: str) -> None:
    assert learner_key(actor) == key


def test_anonymous_group_key_does_not_depend_on_member_order() -> None:
    a, b = {"mbox": "mailto:a@example.org"}, {"mbox": "mailto:b@example.org"}
    first = learner_key({"objectType": "Group", "member": [a, b]})
    assert first == learner_key({"objectType": "Group", "member": [b, a]})
    assert first.startswith("group:")
    assert first != learner_key({"objectType": "Group", "member": [a]})


def test_identified_group_uses_its_own_identifier() -> None:
    group = {
        "objectType": "Group",
        "mbox": "mailto:team@example.org",
        "member": [{"mbox": "mailto:a@x.org"}],
    }
    assert learner_key(group) == "mbox:mailto:team@example.org"


def test_actor_without_identifier_is_refused() -> None:
    with pytest.raises(NoLearnerIdentifier):
        learner_key({"name": "nobody"})
