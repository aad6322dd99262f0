"""Accepting statements: check them against the store, stamp them, have Kafka acknowledge them."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import orjson

from schemas.envelope import encode_envelope
from services.common.comparison import Fingerprint, fingerprint
from services.common.learners import learner_key
from services.common.statement_index import voided_target
from services.ingest import metrics
from services.ingest.attachments.multipart import AttachmentPart
from services.ingest.attachments.store import AttachmentContents
from services.ingest.consistency import ConsistencyGate
from services.ingest.errors import BadRequest, Conflict
from services.ingest.known_ids import KnownIds
from services.ingest.publisher import Publisher, Record
from services.ingest.recent import RecentStatements
from services.ingest.stamping import stamp
from services.ingest.statement_store import StatementReads

log = logging.getLogger(__name__)

SUPPORTED_VERSIONS = {"1.0": "1.0.0", "2.0": "2.0.0"}


def stored_version(header: str | None) -> str:
    """The ``version`` a statement is stored with, from the request's version header."""
    if header is None:
        raise BadRequest("the X-Experience-API-Version header is required")
    parts = header.strip().split(".")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise BadRequest(f"X-Experience-API-Version: {header!r} is not a version number")
    version = SUPPORTED_VERSIONS.get(".".join(parts[:2]))
    if version is None:
        raise BadRequest(
            f"X-Experience-API-Version: {header} is not supported (1.0.x and 2.0.x are)"
        )
    return version


def authority_of(client_id: str, home_page: str) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": home_page, "name": client_id}}


class StatementAcceptor:
    """Turns validated statements into acknowledged Kafka records."""

    def __init__(
        self,
        publisher: Publisher,
        store: StatementReads,
        gate: ConsistencyGate,
        attachments: AttachmentContents,
        home_page: str,
        recent: RecentStatements,
        known_ids: KnownIds,
    ) -> None:
        self._publisher = publisher
        self._store = store
        self._gate = gate
        self._attachments = attachments
        self._home_page = home_page
        self._recent = recent
        self._known_ids = known_ids

    async def accept(
        self,
        statements: list[dict[str, Any]],
        *,
        client_id: str,
        version: str,
        attachments: Sequence[AttachmentPart] = (),
    ) -> list[str]:
        """Publish the new statements; return all ids in order once Kafka acknowledged them.

        A statement whose id is stored already is not sent again when it matches the
        stored one (a retry) and fails the whole request with 409 when it does not.
        """
        fingerprints = {str(s["id"]).lower(): fingerprint(s) for s in statements if "id" in s}
        known = await self._known(fingerprints)
        fresh = [s for s in statements if str(s.get("id", "")).lower() not in known]
        targets = [t for s in fresh if (t := voided_target(s))]
        target_learners: dict[str, str] = {}
        if targets:
            # The target's learner keys the voiding statement: read what was acknowledged.
            await self._gate.wait_for(await self._publisher.written_offsets())
            target_learners = await self._store.learners_by_id(targets)

        received = datetime.now(UTC)
        authority = authority_of(client_id, self._home_page)
        stamped = [
            stamp(s, stored=received, authority=authority, version=version) for s in statements
        ]
        fresh_objects = {id(statement) for statement in fresh}
        records: list[Record] = [
            (
                self._key(statement, target_learners).encode(),
                encode_envelope(statement, received=received, client_id=client_id),
            )
            for statement, original in zip(stamped, statements, strict=True)
            if id(original) in fresh_objects
        ]
        if records:
            # Contents first: once a statement can be read, its attachments can be too.
            await self._attachments.put(attachments)
            await self._publisher.publish(records)
            for statement in fresh:
                if "id" in statement:
                    statement_id = str(statement["id"]).lower()
                    self._recent.remember(statement_id, fingerprints[statement_id])
                    self._known_ids.remember(statement_id)
        ids = [str(statement["id"]) for statement in stamped]
        log.debug("statements accepted", extra={"statement_ids": ids, "published": len(records)})
        return ids

    async def _known(self, fingerprints: dict[str, Fingerprint]) -> set[str]:
        """Ids already accepted with the same content; 409 when one has other content."""
        known: set[str] = set()
        unseen = []
        for statement_id, sent in fingerprints.items():
            recent = self._recent.get(statement_id)
            if recent is None:
                unseen.append(statement_id)
            elif recent.matches(sent):
                known.add(statement_id)
            else:
                raise Conflict(f"statement {statement_id} was accepted with other content")
        stored = [i for i in unseen if self._known_ids.may_be_known(i)]
        metrics.ID_CHECKS.labels(answered_by="filter").inc(len(unseen) - len(stored))
        metrics.ID_CHECKS.labels(answered_by="store").inc(len(stored))
        for statement_id, raw in (await self._store.raw_by_id(stored)).items():
            if not fingerprint(orjson.loads(raw)).matches(fingerprints[statement_id]):
                raise Conflict(f"statement {statement_id} is already stored with other content")
            known.add(statement_id)
        return known

    @staticmethod
    def _key(statement: dict[str, Any], target_learners: dict[str, str]) -> str:
        # A voiding statement travels with the learner of its target, so both are applied in
        # order by the same consumer; an unknown target falls back to the voiding actor.
        target = voided_target(statement)
        if target is not None and target in target_learners:
            return target_learners[target]
        return learner_key(statement["actor"])
