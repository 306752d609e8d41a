"""The Python module (python/accord_module.cpp) against the accord command.

Run by ctest (Python.Pytest), which sets PYTHONPATH to the built module, ACCORD_BIN to the
accord binary and ACCORD_REPO to the repository. By hand, from the repository:

    PYTHONPATH=build/python ACCORD_BIN=build/accord python3 -m pytest -q python/tests

Decisions are compared with what the binary writes for the same proposal (`--format json`,
`--batch`), so the module cannot drift from the command.
"""
import datetime
import doctest
import gc
import json
import os
import pathlib
import re
import shutil
import subprocess
import tempfile

import pytest
import yaml

import accord

REPO = pathlib.Path(os.environ.get("ACCORD_REPO", pathlib.Path(__file__).resolve().parents[2]))
RULES = REPO / "rules"
MANAS_FILE = REPO / "scenarios" / "proposals" / "us-airbase-manas-2026.yaml"
MANAS = {"action": "basing", "actor": "USA", "host": "KGZ", "date": "2026-03-01"}
CSTO_OTHERS = ["ARM", "BLR", "KAZ", "RUS", "TJK"]
CHARTER_ART7 = "csto-charter-2002/art_7__para_4"
PROTOCOL_ART1 = "csto-infrastructure-protocol-2011/art_1"


def accord_bin():
    path = os.environ.get("ACCORD_BIN") or str(REPO / "build" / "accord")
    if not os.access(path, os.X_OK):
        pytest.skip(f"no accord binary at {path} (set ACCORD_BIN)")
    return path


def cli(*args, check=True):
    """Runs the accord binary from the repository; returns its stdout."""
    r = subprocess.run([accord_bin(), *map(str, args)], cwd=REPO, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise AssertionError(f"accord {' '.join(map(str, args))} exited {r.returncode}:\n{r.stderr}")
    return r


def cli_json(*args):
    return json.loads(cli(*args, "--format", "json").stdout)


@pytest.fixture(scope="module")
def engine():
    return accord.load(str(RULES))


@pytest.fixture(scope="module")
def manas_file():
    with open(MANAS_FILE, encoding="utf-8") as f:
        return yaml.safe_load(f)  # its date is a datetime.date


# ---- one proposal ------------------------------------------------------------------------------


def test_manas_needs_consent_of_the_other_csto_members(engine):
    d = engine.decide(MANAS)
    assert d["decision"] == "needs_consent"
    assert d["headline"] == "needs_no_objection"
    assert d["pending"] == CSTO_OTHERS
    assert d["vetoed_by"] == [] and d["prohibited_by"] == []
    assert [(c["id"], c["status"]) for c in d["clauses"]] == [(CHARTER_ART7, "set_aside"), (PROTOCOL_ART1, "pending")]


def test_verdict_is_another_name_for_decision(engine):
    d = engine.decide(MANAS)
    assert isinstance(d, dict) and isinstance(d, accord.Decision)
    assert d["verdict"] == d.verdict == d["decision"] == "needs_consent"
    assert d.get("verdict") == "needs_consent" and d.get("nothing", 3) == 3
    assert "verdict" not in d and "verdict" not in json.dumps(d)
    with pytest.raises(KeyError):
        d["no such key"]


def test_russia_objecting_vetoes_it(engine):
    for d in (engine.decide(MANAS, positions={"RUS": "object"}),
              engine.decide(MANAS, positions={"Russia": "object"}),
              engine.decide(dict(MANAS, positions={"Russian Federation": "object"}))):
        assert d["decision"] == "vetoed"
        assert d["vetoed_by"] == ["RUS"]
        assert d["pending"] == ["ARM", "BLR", "KAZ", "TJK"]


def test_positions_argument_overrides_the_proposals_own(engine):
    own = dict(MANAS, positions={"RUS": "object", "KAZ": "consent"})
    d = engine.decide(own, positions={"RUS": "consent"})
    assert d["decision"] == "needs_consent"
    assert d["pending"] == ["ARM", "BLR", "TJK"]
    assert own["positions"] == {"RUS": "object", "KAZ": "consent"}  # the caller's dict is untouched


def test_2005_before_the_protocol_needs_consultation_only(engine):
    d = engine.decide(dict(MANAS, date="2005-06-01"))
    assert d["decision"] == "needs_consent"
    assert d["headline"] == "needs_consultation"
    assert [(c["id"], c["status"], c.get("reading")) for c in d["clauses"]] == [(CHARTER_ART7, "pending", "consultation")]
    # A consultation cannot be blocked: once all five are consulted, Russia objecting leaves it
    # permitted ...
    consulted = {"RUS": "object", "ARM": "consent", "BLR": "consent", "KAZ": "consent", "TJK": "consent"}
    objecting = engine.decide(dict(MANAS, date="2005-06-01"), positions=consulted)
    assert objecting["decision"] == "permitted" and objecting["vetoed_by"] == []
    # ... unless Art. 7 is read as 'agreement' (a contested reading).
    agreement = engine.decide(dict(MANAS, date="2005-06-01"), positions=consulted, readings={CHARTER_ART7: "agreement"})
    assert agreement["decision"] == "vetoed" and agreement["vetoed_by"] == ["RUS"]
    positions = [f"--position={party}={stance}" for party, stance in consulted.items()]
    assert agreement == cli_json("check", "--action", "basing", "--actor", "USA", "--host", "KGZ", "--date", "2005-06-01",
                                 *positions, "--reading", f"{CHARTER_ART7}=agreement") | {"proposal": ""}


def test_2005_decision_is_the_commands(engine, manas_file):
    assert engine.decide(dict(manas_file, date="2005-06-01")) == cli_json("check", MANAS_FILE, "--as-of", "2005-06-01")


def test_party_names_are_accepted(engine):
    by_name = engine.decide({"action": "basing", "actor": "United States", "host": "Kyrgyzstan", "date": "2026-03-01"})
    assert by_name == engine.decide(MANAS)


def test_dates_as_date_datetime_or_text(engine):
    text = engine.decide(MANAS)
    assert engine.decide(dict(MANAS, date=datetime.date(2026, 3, 1))) == text
    assert engine.decide(dict(MANAS, date=datetime.datetime(2026, 3, 1, 15, 30))) == text
    assert text["as_of"] == "2026-03-01"


def test_a_proposal_without_date_is_decided_today(engine):
    # Today in UTC, or $ACCORD_TODAY when set (as for the command).
    today = os.environ.get("ACCORD_TODAY") or datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    assert engine.decide({k: v for k, v in MANAS.items() if k != "date"})["as_of"] == today


def test_lists_tuples_and_none(engine):
    exercise = {"action": "joint_exercise", "actor": "RUS", "host": "KAZ", "partners": ["BLR", "Armenia"],
                "date": "2026-03-01", "purpose": None}
    d = engine.decide(exercise)
    assert d == engine.decide(dict(exercise, partners=("BLR", "ARM")))
    assert d == engine.decide({k: v for k, v in exercise.items() if k != "purpose"})  # None: left out
    with pytest.raises(accord.ProposalError, match="field 'partners'"):
        engine.decide(dict(exercise, partners="BLR,ARM,KYR"))


# ---- errors --------------------------------------------------------------------------------------


def test_a_typo_raises_proposal_error_with_the_message(engine):
    with pytest.raises(accord.ProposalError) as e:
        engine.decide({"action": "basing", "actor": "USA", "hots": "KGZ"})
    assert str(e.value) == "unknown proposal field 'hots'; did you mean 'host'?"
    assert isinstance(e.value, ValueError)
    assert e.value.diagnostics == [{"severity": "error", "file": "", "line": 0, "column": 0,
                                    "message": "unknown proposal field 'hots'; did you mean 'host'?"}]


@pytest.mark.parametrize("proposal, message", [
    ({"action": "basing", "actor": "KYR", "host": "KGZ"},
     "unknown party 'KYR'; did you mean 'KGZ' (Kyrgyzstan) or 'KIR' (Kiribati)?"),
    ({"action": "basng", "actor": "USA", "host": "KGZ"},
     "unknown action 'basng'; did you mean 'basing'? (actions: basing, troop_deployment, military_infrastructure, "
     "troop_transit, joint_exercise, collective_deployment, alliance_accession, arms_purchase, arms_retransfer, "
     "armed_attack, treaty_withdrawal, civilian_mission)"),
    ({"action": "basing", "actor": "USA"}, "action 'basing' needs the field 'host'"),
    ({"action": "basing", "actor": "USA", "host": "KGZ", "positions": {"RUS": "objet"}},
     "unknown position 'objet' for RUS (positions are consent, object, abstain; none clears one); did you mean 'object'?"),
    ({"action": "basing", "actor": "USA", "host": "KGZ", "date": "2026-02-30"},
     "'2026-02-30' is not a date: expected YYYY-MM-DD with a real calendar day"),
])
def test_proposal_errors_say_what_is_wrong(engine, proposal, message):
    with pytest.raises(accord.ProposalError) as e:
        engine.decide(proposal)
    assert str(e.value) == message
    # The same message as the batch path's error line.
    assert engine.decide_many([proposal]) == [{"line": 1, "error": message}]


def test_values_a_proposal_cannot_hold(engine):
    with pytest.raises(accord.ProposalError, match=r"^field 'site': object <object object at .*> is not a value a proposal takes"):
        engine.decide(dict(MANAS, site=object()))
    with pytest.raises(accord.ProposalError, match=r"^a field name is a str, not int 3$"):
        engine.decide({**MANAS, 3: "x"})
    with pytest.raises(TypeError, match="a proposal is a dict"):
        engine.decide(["basing", "USA", "KGZ"])


def test_a_bad_reading_raises_proposal_error(engine):
    with pytest.raises(accord.ProposalError) as e:
        engine.decide(MANAS, readings={CHARTER_ART7: "nope"})
    assert str(e.value) == f"reading {CHARTER_ART7}=nope: clause '{CHARTER_ART7}' has no reading 'nope'"
    with pytest.raises(accord.ProposalError, match="has no reading 'nope'"):
        engine.decide_many([MANAS], readings={CHARTER_ART7: "nope"})


def test_broken_rules_raise_rules_error_positioned(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    clause_file = rules / "csto" / "csto-infrastructure-protocol-2011.yaml"
    text = clause_file.read_text(encoding="utf-8")
    assert 'and not member("CSTO", actor)' in text
    clause_file.write_text(text.replace('and not member("CSTO", actor)', 'and not membr("CSTO", actor)', 1), encoding="utf-8")
    line = text[:text.index('and not member("CSTO", actor)')].count("\n") + 1

    with pytest.raises(accord.RulesError) as e:
        accord.load(str(rules))
    assert isinstance(e.value, ValueError)
    message = str(e.value)
    assert message.startswith(f"{clause_file}:{line}:15: error: unknown builtin 'membr'; did you mean 'member'?\n")
    assert message.splitlines()[1].strip().startswith('and not membr("CSTO", actor)')
    assert message.splitlines()[2] == " " * 14 + "^"
    assert e.value.diagnostics == [{"severity": "error", "file": str(clause_file), "line": line, "column": 15,
                                    "message": "unknown builtin 'membr'; did you mean 'member'?"}]
    # What `accord lint` prints, less its last line.
    lint = cli("lint", "--rules", rules, check=False)
    assert lint.returncode == 1
    assert lint.stderr.startswith(message + "\n")


def test_a_missing_rules_directory_raises_rules_error(tmp_path):
    with pytest.raises(accord.RulesError) as e:
        accord.load(tmp_path / "nowhere")  # a path-like object
    assert str(e.value) == f"{tmp_path / 'nowhere'}: error: rules directory not found"
    assert e.value.diagnostics[0]["file"] == str(tmp_path / "nowhere")


def test_load_without_rules_reads_the_default(monkeypatch, engine):
    monkeypatch.delenv("ACCORD_RULES", raising=False)
    monkeypatch.chdir(REPO)  # ./rules
    assert accord.load().clause_count == engine.clause_count
    assert accord.load([str(RULES)]).clause_count == engine.clause_count


# ---- the same answers as the accord command ------------------------------------------------------


def test_decide_equals_the_commands_json(engine, manas_file):
    assert engine.decide(manas_file) == cli_json("check", MANAS_FILE)
    assert engine.decide(manas_file, positions={"RUS": "object", "KAZ": "consent"}) == \
        cli_json("check", MANAS_FILE, "--position", "RUS=object", "--position", "KAZ=consent")
    assert engine.decide(manas_file, explain=True) == cli_json("check", MANAS_FILE, "--explain")


def test_text_is_the_commands_report(engine, manas_file):
    assert engine.text(manas_file) == cli("check", MANAS_FILE).stdout
    assert engine.text(manas_file, positions={"Russia": "object"}, explain=True) == \
        cli("check", MANAS_FILE, "--position", "Russia=object", "--explain").stdout


def test_what_if_is_the_commands(engine, manas_file):
    w = engine.what_if(manas_file)
    assert w == cli_json("whatif", MANAS_FILE)
    assert w["now"]["decision"] == "needs_consent"


def test_vocabulary(engine):
    actions = cli_json("vocab", "actions")["actions"]
    assert engine.actions == [a["name"] for a in actions]
    for a in actions:
        assert set(engine.fields(a["name"])) == {"action", "date", *a["required"], *a["optional"]}
    assert set(engine.fields()) >= {"action", "date", "actor", "host", "site", "partners"}
    with pytest.raises(ValueError, match=r"^unknown action 'basign' \(actions: basing, "):
        engine.fields("basign")
    assert engine.clause_count == len(cli_json("rules"))
    codes = {p["code"] for p in cli_json("vocab", "parties")["parties"]}
    orgs = {o["code"] for o in cli_json("vocab", "organizations")["organizations"]}
    assert codes | orgs <= set(engine.parties)
    assert accord.__version__ == cli("--version").stdout.split()[1]
    assert repr(engine).startswith(f"<accord.Engine: {engine.clause_count} clauses")


# ---- many proposals ------------------------------------------------------------------------------


def test_decide_many_keeps_order_and_reports_bad_lines(engine):
    rows = [MANAS,
            {"action": "basing", "actor": "USA", "hots": "KGZ"},
            dict(MANAS, positions={"RUS": "object"}),
            "not a dict",
            dict(MANAS, date=datetime.date(2005, 6, 1)),
            dict(MANAS, site=object())]
    out = engine.decide_many(rows)
    assert len(out) == len(rows)
    assert out[0] == engine.decide(MANAS)
    assert out[1] == {"line": 2, "error": "unknown proposal field 'hots'; did you mean 'host'?"}
    assert out[2]["decision"] == "vetoed"
    assert out[3] == {"line": 4, "error": "a proposal is a dict of field -> value, not str 'not a dict'"}
    assert out[4]["headline"] == "needs_consultation"
    assert out[5]["line"] == 6 and out[5]["error"].startswith("field 'site': object <object object")
    assert isinstance(out[0], accord.Decision) and type(out[1]) is dict


def mixed_rows(n):
    """n proposals of every kind, a few of them bad, deterministic."""
    hosts = ["KGZ", "KAZ", "TJK", "ARM", "UZB", "GEO", "DEU", "Kyrgyzstan"]
    actors = ["USA", "RUS", "CHN", "TUR", "United Kingdom", "Armenia"]
    stances = ["consent", "object", "abstain"]
    rows = []
    for i in range(n):
        date = datetime.date(1995 + i % 36, 1 + i % 12, 1 + i % 28)
        kind = i % 7
        if kind == 0:
            row = {"id": f"p{i}", "action": "basing", "actor": "USA", "host": "KGZ", "site": "manas", "date": date}
        elif kind == 1:
            row = {"id": f"p{i}", "action": "alliance_accession", "actor": actors[i % 6], "org": ["NATO", "CSTO", "EU"][i % 3],
                   "date": date.isoformat()}
        elif kind == 2:
            row = {"action": "joint_exercise", "actor": actors[i % 6], "host": hosts[i % 8], "partners": hosts[: i % 3],
                   "date": date}
        elif kind == 3:
            row = {"action": "arms_retransfer", "actor": "ARM", "supplier": "RUS", "recipient": actors[i % 6],
                   "domestic_price": i % 2 == 0, "date": date}
        elif kind == 4:
            row = {"action": "troop_deployment", "actor": actors[i % 6], "host": hosts[i % 8], "request": i % 3 == 0,
                   "purpose": "training", "date": date}
        elif kind == 5:
            row = {"action": "collective_deployment", "actor": "CSTO", "org": "CSTO", "host": "KAZ", "date": date}
        else:
            row = {"action": "military_infrastructure", "actor": actors[i % 6], "host": hosts[i % 8], "date": date}
        if i % 3:
            row["positions"] = {p: stances[(i + k) % 3] for k, p in enumerate(["RUS", "KAZ", "ARM", "BLR", "TJK"][: i % 6])}
        if i % 97 == 5:
            row["hots"] = row.pop("host", "KGZ")
        rows.append(row)
    return rows


def to_jsonl(rows):
    def value(v):
        return v.isoformat() if isinstance(v, datetime.date) else v
    return "".join(json.dumps({k: value(v) for k, v in r.items()}) + "\n" for r in rows)


def test_decide_many_equals_the_commands_batch(engine, tmp_path):
    rows = mixed_rows(700)
    batch = tmp_path / "batch.jsonl"
    batch.write_text(to_jsonl(rows), encoding="utf-8")
    expected = [json.loads(line) for line in cli("check", "--batch", batch, check=False).stdout.splitlines()]
    assert len(expected) == len(rows)
    assert sum("error" in d for d in expected) == 8
    assert engine.decide_many(rows) == expected
    assert engine.decide_many(rows, threads=2) == expected
    assert engine.decide_many(iter(rows)) == expected  # any iterable
    assert [engine.decide(r) for r in rows[:50] if "hots" not in r] == [d for d in expected[:50] if "error" not in d]


def test_decide_many_numbers_lines_across_chunks(engine):
    # More rows than one chunk of the batch path (4,096): bad rows on both sides of the seams.
    rows = [dict(MANAS, id=f"r{i}") for i in range(10_000)]
    bad = [0, 4095, 4096, 4097, 8191, 8192, 9999]
    for i in bad:
        rows[i] = {"action": "basing", "actor": "USA", "hots": "KGZ"}
    rows[5000] = 42
    out = engine.decide_many(x for x in rows)  # a generator, read chunk by chunk
    assert len(out) == len(rows)
    assert [d["line"] for d in out if "error" in d] == sorted([i + 1 for i in bad] + [5001])
    assert [d["proposal"] for d in out if "proposal" in d] == [r["id"] for r in rows if isinstance(r, dict) and "id" in r]


def test_decide_many_from_several_python_threads(engine):
    # The GIL is released while the engine decides: the threads' calls overlap.
    import threading
    rows = mixed_rows(3000)
    expected = engine.decide_many(rows)
    results = [None] * 3

    def work(i):
        results[i] = engine.decide_many(rows, threads=2)
    threads = [threading.Thread(target=work, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 3


def test_decide_many_of_nothing_and_of_wrong_things(engine):
    assert engine.decide_many([]) == []
    with pytest.raises(TypeError, match="for one proposal, use decide"):
        engine.decide_many(MANAS)
    with pytest.raises(TypeError, match="not int 7"):
        engine.decide_many(7)
    with pytest.raises(ValueError, match="threads must be at least 1"):
        engine.decide_many([MANAS], threads=0)


def test_decide_many_restores_the_garbage_collector(engine):
    assert gc.isenabled()
    engine.decide_many([MANAS])
    assert gc.isenabled()
    gc.disable()
    try:
        engine.decide_many([MANAS])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_decide_many_on_a_table_of_columns_without_pandas(engine):
    class Table:  # the part of the DataFrame interface decide_many() reads, when .items() is absent
        columns = ["action", "actor", "host", "date"]

        def to_dict(self, orient):
            assert orient == "list"
            return {"action": ["basing", "basing"], "actor": ["USA", "USA"], "host": ["KGZ", float("nan")],
                    "date": ["2026-03-01", "2026-03-01"]}

    assert engine.decide_many(Table()) == [engine.decide(MANAS), {"line": 2, "error": "action 'basing' needs the field 'host'"}]


def test_decide_many_on_a_dataframe(engine):
    pd = pytest.importorskip("pandas")
    rows = mixed_rows(300)
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"].astype(str))  # Timestamps, as read_csv(parse_dates=...) gives
    assert frame["host"].isna().any() and frame["positions"].isna().any()  # empty cells: fields left out
    assert engine.decide_many(frame) == engine.decide_many(rows)
    # An empty cell (None, NaN) leaves the field out.
    small = pd.DataFrame({"action": ["basing", "basing"], "actor": ["USA", "USA"], "host": ["KGZ", None],
                          "date": ["2026-03-01", "2026-03-01"]})
    out = engine.decide_many(small)
    assert out[0] == engine.decide(MANAS)
    assert out[1] == {"line": 2, "error": "action 'basing' needs the field 'host'"}
    assert pd.DataFrame(out[:1])["decision"].tolist() == ["needs_consent"]


# ---- the documentation ---------------------------------------------------------------------------


def test_the_examples_of_docs_python_md(monkeypatch):
    """Every >>> example of docs/python.md, run from the repository, its output compared."""
    path = REPO / "docs" / "python.md"
    text = path.read_text(encoding="utf-8")
    try:
        import pandas  # noqa: F401
    except ImportError:  # the DataFrame section needs pandas, which the module does not
        text = re.sub(r"^### A DataFrame of proposals$.*?(?=^### )", "", text, flags=re.M | re.S)
    # A fence ends the output of the example before it, as a blank line does (line numbers kept).
    text = re.sub(r"^```.*$", "", text, flags=re.M)
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("ACCORD_RULES", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", "/tmp")  # the page shows /tmp/...
    test = doctest.DocTestParser().get_doctest(text, {}, "docs/python.md", str(path), 0)
    assert len(test.examples) >= 30, "docs/python.md has lost its examples"
    report = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
