"""The Activities Resource: ``/xapi/activities?activityId=``, the canonical definition."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Header, Request, Response
from pymongo import ASCENDING

from services.common.activity_definitions import merge_definitions
from services.common.auth import ClientId
from services.common.mongo import ACTIVITY_DEFINITIONS
from services.ingest.acceptance import stored_version
from services.ingest.errors import BadRequest

router = APIRouter()


@router.api_route("/activities", methods=["GET", "HEAD"])
async def get_activity(
    request: Request,
    _client_id: ClientId,
    version_header: Annotated[str | None, Header(alias="X-Experience-API-Version")] = None,
) -> Response:
    stored_version(version_header)
    params = request.query_params
    unknown = set(params) - {"activityId"}
    if unknown:
        raise BadRequest(f"{sorted(unknown)[0]}: is not a parameter of the Activities resource")
    activity_id = params.get("activityId")
    if not activity_id:
        raise BadRequest("activityId: is required")
    # Definitions come from statements through the aggregator: read what was acknowledged.
    state = request.app.state
    await state.gate.wait_for(await state.publisher.written_offsets())
    collection = state.db[ACTIVITY_DEFINITIONS]
    definitions = [
        orjson.loads(doc["definition"])
        async for doc in collection.find({"activity": activity_id}).sort("seen", ASCENDING)
    ]
    # An activity no statement defined is still an Activity (xAPI 2.0, 4.1.6.4).
    activity: dict[str, Any] = {"objectType": "Activity", "id": activity_id}
    merged = merge_definitions(definitions)
    if merged:
        activity["definition"] = merged
    return Response(orjson.dumps(activity), media_type="application/json")
