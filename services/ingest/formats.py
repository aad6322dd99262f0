"""The ``format`` parameter of statement GETs: ``exact`` (as stored), ``ids`` and ``canonical``."""

from __future__ import annotations

from typing import Any

IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")
LANGUAGE_MAP_PATHS = ("display", "name", "description")


def to_ids(statement: dict[str, Any]) -> dict[str, Any]:
    """Only what identifies Agents, Groups, Activities and Verbs."""
    out = dict(statement)
    for key in ("actor", "authority"):
        if key in out:
            out[key] = _actor_ids(out[key])
    out["verb"] = {"id": statement["verb"]["id"]}
    out["object"] = _object_ids(statement["object"])
    if isinstance(statement.get("context"), dict):
        out["context"] = _context_ids(statement["context"])
    return out


def _actor_ids(actor: dict[str, Any]) -> dict[str, Any]:
    slim = {k: actor[k] for k in ("objectType", *IFI_KEYS) if k in actor}
    if actor.get("objectType") == "Group" and not any(k in actor for k in IFI_KEYS):
        slim["member"] = [_actor_ids(m) for m in actor.get("member", [])]
    return slim


def _object_ids(target: dict[str, Any]) -> dict[str, Any]:
    kind = target.get("objectType", "Activity")
    if kind in ("Agent", "Group"):
        return _actor_ids(target)
    if kind == "Activity":
        return {"id": target["id"]}
    if kind == "SubStatement":
        return to_ids(target)
    return target


def _context_ids(context: dict[str, Any]) -> dict[str, Any]:
    out = dict(context)
    for key in ("instructor", "team"):
        if key in out:
            out[key] = _actor_ids(out[key])
    if isinstance(context.get("contextActivities"), dict):
        out["contextActivities"] = {
            kind: [_object_ids(a) for a in (acts if isinstance(acts, list) else [acts])]
            for kind, acts in context["contextActivities"].items()
        }
    return out


def to_canonical(statement: dict[str, Any], accept_language: str | None) -> dict[str, Any]:
    """Every language map reduced to the one entry the client prefers."""
    filtered: dict[str, Any] = _filter_languages(statement, _preferences(accept_language))
    return filtered


def _filter_languages(value: Any, preferences: list[str]) -> Any:
    if isinstance(value, list):
        return [_filter_languages(v, preferences) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key in LANGUAGE_MAP_PATHS and isinstance(item, dict) and item:
            out[key] = _pick_language(item, preferences)
        elif key == "extensions":
            out[key] = item
        else:
            out[key] = _filter_languages(item, preferences)
    return out


def _pick_language(language_map: dict[str, Any], preferences: list[str]) -> dict[str, Any]:
    lowered = {tag.lower(): tag for tag in language_map}
    for wanted in preferences:
        if wanted == "*":
            break
        if wanted in lowered:
            tag = lowered[wanted]
            return {tag: language_map[tag]}
        for low, tag in lowered.items():
            if low.split("-")[0] == wanted.split("-")[0]:
                return {tag: language_map[tag]}
    first = next(iter(language_map))
    return {first: language_map[first]}


def _preferences(header: str | None) -> list[str]:
    """Language ranges of an Accept-Language header, most wanted first."""
    if not header:
        return []
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        pieces = part.strip().split(";")
        weight = 1.0
        for parameter in pieces[1:]:
            name, _, number = parameter.strip().partition("=")
            if name == "q":
                try:
                    weight = float(number)
                except ValueError:
                    weight = 0.0
        if pieces[0] and weight > 0:
            ranked.append((-weight, position, pieces[0].strip().lower()))
    return [tag for _, _, tag in sorted(ranked)]
