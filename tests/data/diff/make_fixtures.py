#!/usr/bin/env python3
"""Writes each fixture directory here as base/ with one change (README.md lists them).

Run from this directory after editing base/: `python3 make_fixtures.py`. Each change must
apply exactly once, so that a base/ edit that breaks one is caught here.
"""
import pathlib
import shutil

HERE = pathlib.Path(__file__).resolve().parent
BASE = HERE / "base"
TREATY = "treaty/treaty.yaml"

ADDED = '''  - id: treaty/no_alliances
    cite: "Charter, Art. 1"
    title: Members may not join other military alliances
    text: "...member states shall not join military alliances directed against other member states."
    when: action == "alliance_accession" and member("CSTO", actor) and org == "NATO"
    effect: prohibit
'''

MEMBERS = '''  - id: treaty/members
    cite: "Charter, Art. 8"
    title: Members may host each other's forces
    text: "...member states may station forces on each other's territory."
    when: action == "basing" and member("CSTO", host) and member("CSTO", actor)
    effect: permit
'''

CASES = {
    "clause_added": [(TREATY, MEMBERS, MEMBERS + ADDED)],
    "clause_removed": [(TREATY, MEMBERS, "")],
    "effect_changed": [(TREATY, "member(\"CSTO\", actor)\n    effect: permit", "member(\"CSTO\", actor)\n    effect: prohibit")],
    "consent_rule_changed": [(TREATY, "rule: no_objection", "rule: unanimous")],
    "date_moved": [(TREATY, "effective: { from: 2012-12-19 }", "effective: { from: 2013-06-01 }")],
    "membership_changed": [("facts/organizations.yaml", "KAZ: [{ from: 1994-04-20 }]", "KAZ: [{ from: 2005-01-01 }]")],
    "reading_default_changed": [(TREATY, "default_reading: consultation", "default_reading: agreement")],
    "party_added": [("facts/states.yaml", "  USA: { name: United States }", "  USA: { name: United States }\n  UZB: { name: Uzbekistan }")],
    "obligation_changed": [(TREATY, "binds: members(\"CSTO\") - {actor}", "binds: members(\"CSTO\") - {actor, \"RUS\"}")],
    "new_action": [("schema.yaml", "  alliance_accession:", "  troop_deployment:\n    required: [actor, host]\n  alliance_accession:")],
}

for name, edits in CASES.items():
    out = HERE / name
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(BASE, out)
    for path, old, new in edits:
        f = out / path
        text = f.read_text()
        assert text.count(old) == 1, f"{name}: {old!r} is not in {path} exactly once"
        f.write_text(text.replace(old, new))
