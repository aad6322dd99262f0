"""xAPI 1.0.3 scopes (Communication 4.2) and what each allows.

* ``all``: every xAPI resource and method (not the query API).
* ``all/read``: every GET/HEAD of the xAPI.
* ``statements/write``: PUT/POST statements.
* ``statements/read``: GET/HEAD statements.
* ``statements/read/mine``: GET/HEAD statements whose authority is the client (see
  ``reads_only_own_statements``; the statement route filters).
* ``state``: the State resource, every method.
* ``profile``: the Activity Profile and Agent Profile resources, every method.
* ``define``: accepted, grants no resource (the spec makes it a condition on updating
  activity and agent definitions from statements; this LRS does not restrict that yet).
* ``query/read``: this LRS's own query API (timelines); ``all`` does not include it.
* ``reports/read``: the query API's competency reports (learner-years, unit compliance,
  needs mapping): personal data of civil servants; neither ``all`` nor ``query/read``
  includes it.
* ``catalog/write``: the query API's catalog admin (replace catalog files; read them and
  their history, as ``reports/read`` may too); neither ``all`` nor another scope includes it.

The Activities and Agents resources (GET ``/activities``, ``/agents``) need ``all`` or
``all/read``.
"""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    STATEMENTS_WRITE = "statements/write"
    STATEMENTS_READ = "statements/read"
    STATEMENTS_READ_MINE = "statements/read/mine"
    STATE = "state"
    DEFINE = "define"
    PROFILE = "profile"
    ALL_READ = "all/read"
    ALL = "all"
    QUERY_READ = "query/read"
    REPORTS_READ = "reports/read"
    CATALOG_WRITE = "catalog/write"


KNOWN_SCOPES: frozenset[str] = frozenset(scope.value for scope in Scope)

STATEMENTS = "statements"
STATE = "activities/state"
ACTIVITY_PROFILE = "activities/profile"
AGENT_PROFILE = "agents/profile"
ACTIVITIES = "activities"
AGENTS = "agents"
QUERY = "query"
REPORTS = "reports"
CATALOG = "catalog"

XAPI_RESOURCES = (STATEMENTS, STATE, ACTIVITY_PROFILE, AGENT_PROFILE, ACTIVITIES, AGENTS)

READS = frozenset({"GET", "HEAD"})

# Scopes granting a resource beyond ``all`` (any method) and ``all/read`` (reads).
_BY_RESOURCE: dict[str, dict[str, frozenset[str]]] = {
    STATEMENTS: {
        "GET": frozenset({Scope.STATEMENTS_READ, Scope.STATEMENTS_READ_MINE}),
        "HEAD": frozenset({Scope.STATEMENTS_READ, Scope.STATEMENTS_READ_MINE}),
        "PUT": frozenset({Scope.STATEMENTS_WRITE}),
        "POST": frozenset({Scope.STATEMENTS_WRITE}),
    },
    STATE: {m: frozenset({Scope.STATE}) for m in ("GET", "HEAD", "PUT", "POST", "DELETE")},
    ACTIVITY_PROFILE: {
        m: frozenset({Scope.PROFILE}) for m in ("GET", "HEAD", "PUT", "POST", "DELETE")
    },
    AGENT_PROFILE: {
        m: frozenset({Scope.PROFILE}) for m in ("GET", "HEAD", "PUT", "POST", "DELETE")
    },
    ACTIVITIES: {},
    AGENTS: {},
}


def allowed_scopes(resource: str, method: str) -> frozenset[str]:
    """Every scope that allows ``method`` on ``resource`` (empty for unknown resources)."""
    method = method.upper()
    if resource == QUERY:
        return frozenset({Scope.QUERY_READ}) if method in READS else frozenset()
    if resource == REPORTS:
        return frozenset({Scope.REPORTS_READ}) if method in READS else frozenset()
    if resource == CATALOG:
        if method in READS:
            return frozenset({Scope.REPORTS_READ, Scope.CATALOG_WRITE})
        return frozenset({Scope.CATALOG_WRITE}) if method in {"PUT", "POST"} else frozenset()
    if resource not in _BY_RESOURCE:
        return frozenset()
    granted = {Scope.ALL.value, *_BY_RESOURCE[resource].get(method, frozenset())}
    if method in READS:
        granted.add(Scope.ALL_READ.value)
    return frozenset(str(scope) for scope in granted)


def reads_only_own_statements(scopes: frozenset[str] | set[str]) -> bool:
    """Whether statement reads must be limited to the client's own (``statements/read/mine``
    without a scope that reads every statement)."""
    return Scope.STATEMENTS_READ_MINE in scopes and scopes.isdisjoint(
        {Scope.STATEMENTS_READ, Scope.ALL_READ, Scope.ALL}
    )


def allows(scopes: frozenset[str] | set[str], resource: str, method: str) -> bool:
    return not scopes.isdisjoint(allowed_scopes(resource, method))
