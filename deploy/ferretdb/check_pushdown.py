"""Differential check of FerretDB's PostgreSQL _id pushdown.

Runs the same random _id queries against two FerretDB instances on the same PostgreSQL
database, one with pushdown and one started with --test-disable-pushdown (everything is
evaluated in Go), and fails on the first difference.

usage: check_pushdown.py PUSHDOWN_PORT NO_PUSHDOWN_PORT [ROUNDS]
"""

import random
import sys

from bson import ObjectId
from pymongo import MongoClient

a_port, b_port = int(sys.argv[1]), int(sys.argv[2])
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 400
# each instance gets its own copy of the data: FerretDB caches collection metadata per process
a = MongoClient(f"mongodb://127.0.0.1:{a_port}/").check_pushdown_a
b = MongoClient(f"mongodb://127.0.0.1:{b_port}/").check_pushdown_b
rnd = random.Random(42)  # noqa: S311 - test data

oids = [ObjectId() for _ in range(20)]
words = [
    "",
    "a",
    "Z",
    "z",
    "é",
    "e\u0301",
    "日本",
    "日本語",
    "ß",
    "Ω",
    "\U0001f600",
    "~",
    "A|b",
    "st",
    "st0",
]
strs = [
    w + rnd.choice(["", "x", "é", "1", "|"]) * rnd.randint(0, 2) for w in words for _ in range(3)
]
strs += [
    f"{k}{rnd.getrandbits(96):024x}|2026-01-01T00:00:00.000000Z"
    for k in ("st", "ev", "ag")
    for _ in range(100)
]
mixed = list(dict.fromkeys(strs)) + list(range(-5, 30)) + [1.5, 2**40] + oids + [True, False, None]

for db in (a, b):
    db.mixed.drop()
    db.mixed.insert_many([{"_id": v, "n": i} for i, v in enumerate(mixed)])
    db.strs.drop()
    db.strs.insert_many([{"_id": v, "n": i} for i, v in enumerate(dict.fromkeys(strs))])

# FerretDB's unique _id index cannot hold an ObjectId and the string of its hex at once,
# so such strings are only queried for: they must not match the ObjectIds
oid_hex = [str(o) for o in oids]


def value():
    r = rnd.random()
    if r < 0.1:
        return rnd.choice(oid_hex)
    if r < 0.7:
        return rnd.choice(strs) + rnd.choice(["", "", "0", "~", "é"])
    if r < 0.85:
        return rnd.choice(oids)
    return rnd.choice([3, 7.0, None, True])


def query():
    kind = rnd.choice(["eq", "$eq", "$in", "range", "range", "range2"])
    if kind == "eq":
        return {"_id": value()}
    if kind == "$eq":
        return {"_id": {"$eq": value()}}
    if kind == "$in":
        return {"_id": {"$in": [value() for _ in range(rnd.randint(0, 20))]}}
    ops = rnd.sample(["$gt", "$gte", "$lt", "$lte"], 2 if kind == "range2" else 1)
    return {"_id": {op: value() for op in ops}}


checked = pushed = 0
for _ in range(rounds):
    for coll in ("mixed", "strs"):
        filt, sort, limit = query(), rnd.choice([None, 1, -1]), rnd.choice([0, 1, 5, 11])
        res = []
        for db in (a, b):
            cur = db[coll].find(filt)
            if sort:
                cur = cur.sort("_id", sort)
            if limit:
                cur = cur.limit(limit)
            res.append(list(cur))
        if sort:
            ok = res[0] == res[1]
        elif limit:  # which documents are returned is unspecified without sort
            full = list(b[coll].find(filt))
            ok = len(res[0]) == len(res[1]) and all(d in full for d in res[0])
        else:
            ok = sorted(map(repr, res[0])) == sorted(map(repr, res[1]))
        if not ok:
            print("MISMATCH", coll, filt, sort, limit, res, sep="\n")
            sys.exit(1)
        cmd = {"find": coll, "filter": filt}
        if sort:
            cmd["sort"] = {"_id": sort}
        if limit:
            cmd["limit"] = limit
        e = a.command("explain", cmd)
        pushed += bool(e["sortPushdown"] or e["limitPushdown"])
        checked += 1

print(
    f"OK: {checked} queries identical with and without pushdown"
    f" ({pushed} with sort/limit pushed down)"
)
