#!/usr/bin/env python3
"""Writes input.jsonl: a fixed mix of batch lines for the byte-identical output test of the
batch path (the golden cases batch_speed_*). Deterministic (fixed seed, no dependence on
Python's hash order); run from the repository root:

    python3 tests/data/golden/batch_speed_mix/make_input.py

The lines exercise every part of a decision's JSON on the shipped rules (all actions, dates
from 1990 to 2032, CSTO/NATO members and non-members, positions of up to a dozen states, sites,
booleans, partners, unknown values that make the answer depend on them), the escaping of ids
and titles (quotes, backslashes, control characters, non-ASCII, invalid UTF-8 is not written:
JSON input must be UTF-8), and every kind of bad line the batch answers with an error."""
import json
import random
import sys

import yaml

rng = random.Random(20111220)
schema = yaml.safe_load(open("rules/schema.yaml"))
states = sorted(yaml.safe_load(open("rules/facts/states.yaml"))["states"])
orgs = sorted(yaml.safe_load(open("rules/facts/organizations.yaml"))["organizations"])
sites = yaml.safe_load(open("rules/facts/sites.yaml"))["sites"]
csto = ["ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
nato_ish = ["USA", "GBR", "FRA", "DEU", "TUR", "POL", "FIN", "SWE", "NOR", "EST", "LVA", "LTU"]
actions = sorted(schema["actions"])
fields = schema["fields"]


def state(bias):
    r = rng.random()
    if r < bias:
        return rng.choice(csto)
    if r < bias + 0.2:
        return rng.choice(nato_ish)
    return rng.choice(states)


def date():
    return f"{rng.randint(1990, 2032):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def value(name, host):
    t = fields[name]["type"]
    if t == "party":
        return rng.choice(orgs) if name == "org" else state(0.6 if name == "host" else 0.35)
    if t == "parties":
        return [state(0.3) for _ in range(rng.randint(0, 3))]
    if t == "bool":
        return rng.random() < 0.5
    if t == "string":
        return rng.choice(fields[name]["values"])
    if t == "site":
        own = [s for s, v in sites.items() if v.get("state") == host]
        return rng.choice(own) if own else None
    raise ValueError(t)


TITLES = ['Manas "Transit Center"', "back\\slash", "tab\there", "line\nbreak", "Gyumri — 102nd base",
          "Ташкент", "北京", "emoji 🛰", "bell\u0007", "plain title"]


def proposal(i):
    a = rng.choice(actions)
    spec = schema["actions"][a]
    p = {"id": f"g{i:05d}", "date": date(), "action": a}
    if rng.random() < 0.05:
        p["title"] = rng.choice(TITLES)
    host = None
    for f in spec["required"]:
        p[f] = value(f, host)
        if f == "host":
            host = p[f]
    for f in spec.get("optional", []):
        r = rng.random()
        if r < 0.3:
            v = value(f, host)
            if v is not None:
                p[f] = v
        elif r < 0.33:
            p[f] = None  # unknown: the answer may depend on it
    r = rng.random()
    pos = {}
    if r < 0.3:
        pos = {s: rng.choice(["consent", "object", "abstain"]) for s in rng.sample(csto, rng.randint(1, 9))}
    elif r < 0.4:
        # a dozen states' positions (the heavy lines of the benchmark's third mix)
        pos = {s: rng.choice(["consent", "object", "abstain"]) for s in rng.sample(csto + nato_ish, 12)}
    if pos:
        p["positions"] = pos
    return json.dumps(p, ensure_ascii=rng.random() < 0.5, separators=(",", ":") if rng.random() < 0.7 else (", ", ": "))


BAD = [
    '{"id":"broken","date":"2026-03-01","action":"basing","actor":"USA","host":"KGZ",}',
    '{"id":"typo","date":"2026-03-01","action":"basing","actor":"USA","host":"KZG"}',
    '{"id":"unknown-field","date":"2026-03-01","action":"basing","actor":"USA","host":"KGZ","hots":"KGZ"}',
    '{"id":"bad-date","date":"2026-02-30","action":"basing","actor":"USA","host":"KGZ"}',
    '{"id":"loose-date","date":"2026-3-1","action":"basing","actor":"USA","host":"KGZ"}',
    '{"id":"no-action","date":"2026-03-01","actor":"USA","host":"KGZ"}',
    '{"id":"bad-action","date":"2026-03-01","action":"basnig","actor":"USA","host":"KGZ"}',
    '{"id":"missing-host","date":"2026-03-01","action":"basing","actor":"USA"}',
    '{"id":"dup","date":"2026-03-01","action":"basing","actor":"USA","actor":"GBR","host":"KGZ"}',
    '{"id":"bad-stance","date":"2026-03-01","action":"basing","actor":"USA","host":"KGZ","positions":{"RUS":"veto"}}',
    '{"id":"dup-position","date":"2026-03-01","action":"basing","actor":"USA","host":"KGZ","positions":{"RUS":"object","RUS":"consent"}}',
    '{"id":"bad-position-party","date":"2026-03-01","action":"basing","actor":"USA","host":"KGZ","positions":{"RUZ":"object"}}',
    '{"id":"number","date":"2026-03-01","action":"basing","actor":1,"host":"KGZ"}',
    '{"id":"bool-as-string","date":"2026-03-01","action":"troop_deployment","actor":"RUS","host":"KAZ","request":"yes"}',
    '{"id":"site-elsewhere","date":"2026-03-01","action":"basing","actor":"USA","host":"KGZ","site":"gyumri"}',
    '{"id":"field-not-for-action","date":"2026-03-01","action":"basing","actor":"USA","host":"KGZ","supplier":"RUS"}',
    '{"id":"overflow","date":"2026-03-01","action":"basing","actor":"USA","host":"KGZ","x":1e999}',
    '["not", "an", "object"]',
    '"just a string"',
    '{"id":"truncated","date":"2026-03-01","action":"basing"',
    'not json at all',
    '{"id":"org-as-actor-host","date":"2026-03-01","action":"basing","actor":"USA","host":"CSTO"}',
    '{"id":"partners-not-list","date":"2026-03-01","action":"joint_exercise","actor":"USA","host":"KAZ","partners":"GBR"}',
    '{"id":"positions-not-object","date":"2026-03-01","action":"basing","actor":"USA","host":"KGZ","positions":["RUS"]}',
]

lines = []
n = 0
for i in range(3000):
    r = rng.random()
    if r < 0.02:
        lines.append(rng.choice(BAD))
    elif r < 0.025:
        lines.append(rng.choice(["", "   ", "\t"]))
    else:
        lines.append(proposal(n))
        n += 1
lines += BAD  # every kind at least once
sys.stdout = open("tests/data/golden/batch_speed_mix/input.jsonl", "w", encoding="utf-8", newline="\n")
print("\n".join(lines))
