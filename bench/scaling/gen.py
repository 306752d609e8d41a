#!/usr/bin/env python3
"""Generates a synthetic rules directory and a JSON Lines batch for the scaling study.

    python3 bench/scaling/gen.py OUT --clauses 1000 --parties 200 --fields 12 --lines 100000

writes
    OUT/rules/schema.yaml          the fields and actions (the 10 declared fields of the shipped
                                   schema, then extra fields up to --fields in all, counting the
                                   built-in action and date)
    OUT/rules/facts/*.yaml         --parties parties in all: states, organizations (one with
                                   almost every state as a member, one with half, smaller ones
                                   with dated joins, departures and a frozen status) and two
                                   instruments (party_to / parties_to)
    OUT/rules/gen/inst-NNNN.yaml   --clauses clauses, 50 per instrument, in the shapes the
                                   shipped packs use (see clause() below)
    OUT/batch.jsonl                --lines proposals valid for the schema
    OUT/one.jsonl                  its first line (load + one decision)
    OUT/sizes.txt                  what was generated, one `key value` a line

Everything is drawn from random.Random(--seed): the same arguments give the same files.
Nothing here reads the shipped rules; the packs are self-contained (load them alone, with
`--rules OUT/rules`). --parties and --fields may be set past the engine's limits on purpose,
to see the error a user gets.
"""
import argparse
import itertools
import json
import os
import random
import shutil

ACTIONS = [
    "basing", "troop_deployment", "military_infrastructure", "troop_transit", "joint_exercise",
    "collective_deployment", "alliance_accession", "arms_purchase", "arms_retransfer",
    "armed_attack", "treaty_withdrawal", "civilian_mission",
]
# The shipped schema's declared fields, and which actions take them (required / optional).
BASE_FIELDS = {
    "actor": ("party", None), "host": ("party", None), "site": ("site", None), "org": ("party", None),
    "supplier": ("party", None), "recipient": ("party", None), "partners": ("parties", None),
    "request": ("bool", None), "domestic_price": ("bool", None),
    "purpose": ("string", ["counter_terrorism", "logistics", "training", "monitoring", "peacekeeping"]),
}
BASE_ACTIONS = {
    "basing": (["actor", "host"], ["site", "purpose"]),
    "troop_deployment": (["actor", "host"], ["site", "purpose", "request"]),
    "military_infrastructure": (["actor", "host"], ["site", "purpose"]),
    "troop_transit": (["actor", "host"], ["purpose"]),
    "joint_exercise": (["actor", "host"], ["partners", "site", "purpose"]),
    "collective_deployment": (["actor", "org", "host"], ["request", "purpose", "site"]),
    "alliance_accession": (["actor", "org"], []),
    "arms_purchase": (["actor", "supplier"], ["domestic_price"]),
    "arms_retransfer": (["actor", "supplier", "recipient"], ["domestic_price"]),
    "armed_attack": (["actor", "host"], ["site", "request"]),
    "treaty_withdrawal": (["actor", "org"], []),
    "civilian_mission": (["actor", "host"], ["purpose"]),
}
EXTRA_TYPES = ["bool", "string", "int", "party", "date"]
RULES = ["unanimous", "no_objection", "majority", "any", "consult"]
SITE_KINDS = ["airbase", "army_base", "security_post"]
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def ymd(y, m, d):
    return f"{y:04d}-{m:02d}-{d:02d}"


def rand_date(r, lo=1990, hi=2030):
    return ymd(r.randint(lo, hi), r.randint(1, 12), r.randint(1, 28))


def q(s):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


class World:
    def __init__(self, a):
        r = self.r = random.Random(a.seed)
        self.specific = a.specific
        # Parties: states + organizations + instruments = a.parties (the engine counts all three).
        self.n_instruments = 2 if a.parties >= 10 else 0
        self.n_orgs = max(3, min(20, a.parties // 25))
        self.n_states = a.parties - self.n_orgs - self.n_instruments
        if self.n_states < 5:
            raise SystemExit("gen.py: --parties must be at least 10")
        codes = ("".join(t) for t in itertools.product(LETTERS, repeat=3))
        self.states = [next(codes) for _ in range(self.n_states)]
        self.orgs = [f"ORG{k + 1}" for k in range(self.n_orgs)]
        self.instruments = [f"pact-{k + 1}" for k in range(self.n_instruments)]
        # Memberships: party -> list of (from, to or None, status or None).
        self.members = {}
        for k, org in enumerate(self.orgs):
            if k == 0:
                who = r.sample(self.states, max(2, self.n_states * 9 // 10))   # a UN-like organization
            elif k == 1:
                who = r.sample(self.states, max(2, self.n_states // 2))        # a large alliance
            else:
                who = r.sample(self.states, min(self.n_states, r.randint(5, 30)))
            m = {}
            for i, s in enumerate(who):
                start = rand_date(r, 1950, 2020) if k > 0 else "1945-10-24"
                if k > 1 and i % 7 == 3:   # left, and rejoined later
                    y = int(start[:4])
                    m[s] = [(start, ymd(min(y + 5, 2028), 6, 1), None), (ymd(min(y + 8, 2029), 1, 1), None, None)]
                elif k > 1 and i % 11 == 5:  # a frozen membership
                    m[s] = [(start, None, ("frozen", ymd(2024, 2, 22)))]
                else:
                    m[s] = [(start, None, None)]
            self.members[org] = m
        self.pacts = {}
        for inst in self.instruments:
            base = self.members[self.orgs[2 % self.n_orgs]]
            self.pacts[inst] = {s: rand_date(r, 2000, 2020) for s in list(base)[: max(3, len(base) * 2 // 3)]}
        # Sites: a.sites of them, in random states, some with a foreign presence.
        self.sites = []
        for k in range(a.sites):
            st = r.choice(self.states)
            pres = [] if k % 3 else [(r.choice(self.states), rand_date(r, 1995, 2015), None if k % 2 else rand_date(r, 2016, 2025))]
            self.sites.append((f"site{k + 1}", st, SITE_KINDS[k % 3], pres))
        self.sites_in = {}
        for sid, st, _, _ in self.sites:
            self.sites_in.setdefault(st, []).append(sid)
        # Fields: the shipped ten, then extras up to a.fields in all (action and date are built in).
        self.fields = dict(BASE_FIELDS)
        self.actions = {name: (list(req), list(opt)) for name, (req, opt) in BASE_ACTIONS.items()}
        n_extra = a.fields - 2 - len(BASE_FIELDS)
        if n_extra < 0:
            raise SystemExit(f"gen.py: --fields must be at least {2 + len(BASE_FIELDS)}")
        self.extras = []
        for k in range(n_extra):
            t = EXTRA_TYPES[k % len(EXTRA_TYPES)]
            name = f"x{k + 1}_{t}"
            self.fields[name] = (t, [f"v{k + 1}_{j}" for j in range(3)] if t == "string" else None)
            self.extras.append(name)
            # Each extra field is optional for --extra-actions actions, round robin.
            for j in range(a.extra_actions):
                act = ACTIONS[(k * a.extra_actions + j) % len(ACTIONS)]
                self.actions[act][1].append(name)

    def takes(self, action):
        req, opt = self.actions[action]
        return req + opt


def write_schema(w, path):
    with open(path, "w") as f:
        f.write("# Generated by bench/scaling/gen.py\nfields:\n")
        for name, (t, values) in w.fields.items():
            extra = f", within: host" if t == "site" else ""
            vals = f", values: [{', '.join(values)}]" if values else ""
            f.write(f"  {name}: {{ type: {t}{vals}{extra} }}\n")
        f.write("actions:\n")
        for name, (req, opt) in w.actions.items():
            f.write(f"  {name}:\n    required: [{', '.join(req)}]\n    optional: [{', '.join(opt)}]\n")


def intervals_yaml(ivs, indent):
    out = []
    for frm, to, status in ivs:
        line = f"{indent}- from: {frm}\n"
        if to:
            line += f"{indent}  to: {to}\n"
        if status:
            line += f"{indent}  status: {status[0]}\n{indent}  since: {status[1]}\n"
        out.append(line)
    return "".join(out)


def write_facts(w, d):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "states.yaml"), "w") as f:
        f.write("states:\n")
        for s in w.states:
            f.write(f"  {s}: {{ name: \"State {s}\" }}\n")
    with open(os.path.join(d, "organizations.yaml"), "w") as f:
        f.write("organizations:\n")
        for org in w.orgs:
            f.write(f"  {org}:\n    name: Organization {org[3:]}\n    members:\n")
            for s, ivs in w.members[org].items():
                f.write(f"      {s}:\n" + intervals_yaml(ivs, "        "))
    with open(os.path.join(d, "instruments.yaml"), "w") as f:
        f.write("instruments:\n" if w.instruments else "instruments: {}\n")
        for inst in w.instruments:
            f.write(f"  {inst}:\n    name: Pact {inst[5:]}\n    parties:\n")
            for s, frm in w.pacts[inst].items():
                f.write(f"      {s}:\n        - from: {frm}\n")
    with open(os.path.join(d, "sites.yaml"), "w") as f:
        f.write("sites:\n")
        for sid, st, kind, pres in w.sites:
            f.write(f"  {sid}:\n    name: Site {sid[4:]}\n    state: {st}\n    kind: {kind}\n")
            if pres:
                f.write("    presences:\n")
                for party, frm, to in pres:
                    f.write(f"      - party: {party}\n        from: {frm}\n" + (f"        to: {to}\n" if to else ""))


def extra_condition(w, r, name):
    t = w.fields[name][0]
    k = name[1:].split("_")[0]
    if t == "bool":
        return f"{name} == {r.choice(['true', 'false'])}"
    if t == "string":
        return f'{name} in {{"v{k}_0", "v{k}_1"}}'
    if t == "int":
        return f"{name} >= {r.randint(1, 9)}"
    if t == "date":
        return f"{name} < {rand_date(r, 2000, 2025)}"
    return f'member("{r.choice(w.orgs[1:])}", {name})'


def clause(w, r, inst, i, earlier):
    """One clause, as YAML lines, in one of the shapes of the shipped packs."""
    act = ACTIONS[r.randrange(len(ACTIONS))]
    takes = w.takes(act)
    who = "host" if "host" in takes else ("org" if "org" in takes else "supplier")
    org = w.orgs[1] if r.random() < 0.1 else r.choice(w.orgs[2:] or w.orgs)
    acts = [act] + ([b for b in r.sample(ACTIONS, 2) if set(w.actions[b][0]) >= {"actor", who} and b != act][:1] if r.random() < 0.3 else [])
    head = f'action == "{act}"' if len(acts) == 1 else "action in {" + ", ".join(q(a) for a in acts) + "}"
    kind = r.random()

    def inside(x, yes=True):
        # member(ORG, x); for the org field itself: org == ORG
        if x == "org":
            return f'org {"==" if yes else "!="} "{org}"'
        return f'{"" if yes else "not "}member("{org}", {x})'
    takes = [f for f in takes if all(f in w.takes(b) for b in acts)]
    lines = [f"  - id: {inst}/art_{i}", f"    cite: \"Generated instrument {inst}, Art. {i}\"",
             f"    text: \"Article {i} of a generated instrument (bench/scaling/gen.py).\""]
    conds = [head]
    because = f"Art. {i} of {inst} covers {{actor}} and {{{who}}} on this action."
    effect = None
    if kind < 0.30:   # consent of the organization's other members
        conds += [inside(who), inside("actor", False)]
        rule = r.choice(RULES)
        effect = ["    effect: consent", "    consent:", f"      from: 'members(\"{org}\") - {{{who}}}'", f"      rule: {rule}"]
        if r.random() < 0.1:   # a contested reading, as csto-charter-2002/art_7__para_4
            effect = ["    readings:", "      consultation:", "        effect: consent", "        consent:",
                      f"          from: 'members(\"{org}\") - {{{who}}}'", "          rule: consult",
                      "      agreement:", "        effect: consent", "        consent:",
                      f"          from: 'members(\"{org}\") - {{{who}}}'", "          rule: unanimous",
                      "    default_reading: consultation", "    notes: a generated contested reading"]
    elif kind < 0.45:  # prohibit
        if r.random() < 0.5:
            conds += [inside("actor"), inside(who, False)]
        else:
            conds += [f"actor == {q(r.choice(w.states))}"]
        effect = ["    effect: prohibit"]
    elif kind < 0.60:  # permit
        conds += [inside("actor"), inside(who)]
        effect = ["    effect: permit"]
    elif kind < 0.70:  # obligation
        conds += [inside(who), inside("actor", False)]
        effect = ["    effect: obligation", f"    binds: 'members(\"{org}\") - {{actor}}'", f"    duty: \"assist {{{who}}}\""]
    elif kind < 0.80:  # note on an optional bool the action takes
        bools = [f for f in takes if w.fields[f][0] == "bool"]
        conds += [f"{bools[0]} == true"] if bools else [f'member("{org}", actor)']
        effect = ["    effect: note"]
    elif kind < 0.90:  # consent of the host alone
        conds += [f"actor != {who}", inside("actor", False)]
        effect = ["    effect: consent", "    consent:", f"      from: '{{{who}}}'", "      rule: no_objection"]
    else:              # a date in the condition, and a protocol's parties
        pact = r.choice(w.instruments) if w.instruments else None
        conds += [f"date >= {rand_date(r, 1995, 2025)}"]
        if pact:
            conds += [f'party_to("{pact}", {who})']
            effect = ["    effect: consent", "    consent:", f"      from: 'parties_to(\"{pact}\") - {{{who}}}'", "      rule: majority"]
        else:
            effect = ["    effect: prohibit"]
    # Most real clauses concern named states (a bilateral agreement, a protocol about one
    # host): with --specific, that fraction of the clauses names one to three of them, so
    # the clauses that apply to one proposal stay few as the packs grow.
    if r.random() < w.specific and who != "org":
        conds.append(f"{r.choice([who, 'actor'])} in {{" + ", ".join(q(s) for s in r.sample(w.states, r.randint(1, 3))) + "}")
    # Extra fields the action takes: about a third of the clauses read one or two.
    extras = [f for f in takes if f in w.extras]
    if extras and r.random() < 0.35:
        for name in r.sample(extras, min(len(extras), r.choice([1, 1, 2]))):
            conds.append(extra_condition(w, r, name))
    if r.random() < 0.01 and "supplier" in takes:
        conds.append('position(supplier) != "object"')
    lines.append("    when: >-\n      " + " and ".join(conds))
    if r.random() < 0.3:   # a date window of its own
        frm = rand_date(r, 1995, 2015)
        lines.append(f"    effective: {{ from: {frm}" + (f", to: {rand_date(r, 2016, 2030)}" if r.random() < 0.5 else "") + " }")
    lines += effect
    same = [e for e in earlier if e[1] == act]
    if same and r.random() < 0.05:  # an exception to an earlier clause on the same action
        lines.append(f"    overrides: [{r.choice(same)[0]}]")
        lines.append("    lint_allow: [override_unused, dead]")
        if not any(l.startswith("    notes:") for l in lines):
            lines.append("    notes: a generated override")
    if not any(l.startswith("    notes:") for l in lines) and r.random() < 0.5:
        lines.append("    lint_allow: [conflict, never_applies]")
        lines.append("    notes: generated; conflicts between generated clauses are expected")
    lines.append(f"    because: {q(because)}")
    earlier.append((f"{inst}/art_{i}", act))
    return "\n".join(lines) + "\n"


def write_packs(w, d, n, per_file):
    os.makedirs(d, exist_ok=True)
    r = random.Random(w.r.random())
    earlier = []
    for f in range((n + per_file - 1) // per_file):
        inst = f"gen-{f + 1:04d}"
        with open(os.path.join(d, f"inst-{f + 1:04d}.yaml"), "w") as out:
            out.write(f"instrument:\n  id: {inst}\n  title: Generated instrument {f + 1}\n  signed: 1990-01-01\n"
                      f"  in_force: {rand_date(r, 1990, 2000)}\n  source: bench/scaling/gen.py\nclauses:\n")
            for i in range(f * per_file, min(n, (f + 1) * per_file)):
                out.write(clause(w, r, inst, i + 1, earlier))


def proposal(w, r, k, give):
    act = r.choice(ACTIONS)
    req, opt = w.actions[act]
    p = {"id": f"p{k:06d}", "date": rand_date(r, 1995, 2030), "action": act}
    fields = req + [f for f in opt if r.random() < give]

    def party():
        if r.random() < 0.4:
            return r.choice(list(w.members[r.choice(w.orgs[1:])]))
        return r.choice(w.states)
    for f in fields:
        t, values = w.fields[f]
        if f == "org":
            p[f] = r.choice(w.orgs)
        elif f == "site":
            here = w.sites_in.get(p.get("host"), [])
            if here:
                p[f] = r.choice(here)
        elif t == "party":
            p[f] = party()
        elif t == "parties":
            p[f] = sorted({party() for _ in range(r.randint(1, 3))})
        elif t == "bool":
            p[f] = r.random() < 0.5
        elif t == "string":
            p[f] = r.choice(values)
        elif t == "int":
            p[f] = r.randint(0, 10)
        elif t == "date":
            p[f] = rand_date(r, 1995, 2030)
    x = r.random()
    if x >= 0.4:
        who = list(w.members[r.choice(w.orgs[1:])]) if x < 0.7 else r.sample(w.states, min(5, len(w.states)))
        who = r.sample(who, max(1, len(who) // 2)) if r.random() < 0.5 else who
        p["positions"] = {s: r.choices(["consent", "abstain", "object"], [60, 25, 15])[0] for s in who[:40]}
    return p


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--clauses", type=int, default=100)
    ap.add_argument("--parties", type=int, default=200, help="states + organizations + instruments")
    ap.add_argument("--fields", type=int, default=12, help="proposal fields in all, action and date included")
    ap.add_argument("--sites", type=int, default=12)
    ap.add_argument("--extra-actions", type=int, default=3, help="how many actions take each extra field")
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--give", type=float, default=0.3, help="probability that a proposal gives each optional field")
    ap.add_argument("--specific", type=float, default=0.8,
                    help="fraction of clauses that name the states they concern (0: every clause is broad)")
    ap.add_argument("--per-file", type=int, default=50, help="clauses per instrument file")
    ap.add_argument("--seed", type=int, default=20111220)
    a = ap.parse_args()
    w = World(a)
    rules = os.path.join(a.out, "rules")
    if os.path.isdir(rules):
        shutil.rmtree(rules)
    os.makedirs(rules)
    write_schema(w, os.path.join(rules, "schema.yaml"))
    write_facts(w, os.path.join(rules, "facts"))
    write_packs(w, os.path.join(rules, "gen"), a.clauses, a.per_file)
    r = random.Random(a.seed + 1)
    with open(os.path.join(a.out, "batch.jsonl"), "w") as f:
        for k in range(a.lines):
            line = json.dumps(proposal(w, r, k, a.give), separators=(",", ":")) + "\n"
            f.write(line)
            if k == 0:
                with open(os.path.join(a.out, "one.jsonl"), "w") as one:
                    one.write(line)
    with open(os.path.join(a.out, "sizes.txt"), "w") as f:
        f.write(f"clauses {a.clauses}\nparties {a.parties}\nstates {w.n_states}\norganizations {w.n_orgs}\n"
                f"instruments {w.n_instruments}\nfields {a.fields}\nsites {a.sites}\nlines {a.lines}\nspecific {a.specific}\n"
                f"largest_membership {len(w.members[w.orgs[0]])}\n")


if __name__ == "__main__":
    main()
