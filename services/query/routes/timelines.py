"""``/api/v1/learners/{learner}/timeline``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from services.common.auth import require_scope
from services.common.credentials.model import Client
from services.common.credentials.scopes import QUERY
from services.query.timelines import Timeline, TimelineReader

router = APIRouter(tags=["timelines"])


def get_reader(request: Request) -> TimelineReader:
    reader: TimelineReader = request.app.state.timelines
    return reader


ReaderDep = Annotated[TimelineReader, Depends(get_reader)]


@router.get("/learners/{learner:path}/timeline")
async def learner_timeline(
    learner: str,
    _client: Annotated[Client, Depends(require_scope(QUERY))],
    reader: ReaderDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Timeline:
    """Events of one learner, by learner key (e.g. ``account:https://siasn.bkn.go.id|<NIP>``)."""
    return await reader.timeline(learner, limit)
