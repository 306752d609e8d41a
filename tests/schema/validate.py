#!/usr/bin/env python3
"""Validates Accord's YAML files against the JSON Schemas in docs/schema/.

    validate.py [--repo DIR]                      every shipped file (the default)
    validate.py [--repo DIR] SCHEMA FILE...       the given files against one schema
    validate.py [--repo DIR] --expect-invalid SCHEMA FILE...
                                                  succeeds only if every file is rejected

SCHEMA is a file name in docs/schema/ without ".schema.json": facts, schema, rule-pack,
proposal, scenario. The shipped files are rules/schema.yaml (schema), rules/facts/*.yaml
(facts), rules/<pack>/*.yaml (rule-pack), scenarios/proposals/*.yaml (proposal) and
scenarios/*.yaml (scenario).

YAML is read the way the engine (yaml-cpp) and editors (yaml-language-server, YAML 1.2)
read it: plain dates such as 2012-12-19 stay strings (PyYAML's default loaders turn them
into datetime.date, which no JSON Schema string type accepts), only true/false are booleans
(not yes/no/on/off), integers are decimal, and a duplicate key is an error as in the loader.

Needs python3-yaml and python3-jsonschema (Debian 12: 4.10.3), installed by
scripts/install-deps. Exit status: 0 all as expected, 1 a file did not validate (or was not
rejected with --expect-invalid), 2 usage or setup error.
"""
import glob
import json
import os
import re
import sys

try:
    import yaml
    import jsonschema
except ImportError as e:  # pragma: no cover - setup error
    print(f"validate.py: {e}; install python3-yaml and python3-jsonschema (scripts/install-deps)", file=sys.stderr)
    sys.exit(2)


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalars: no timestamps, true/false only."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
Yaml12Loader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: int(loader.construct_scalar(node), 10))


def _mapping_without_duplicates(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


Yaml12Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)

SCHEMAS = ("facts", "schema", "rule-pack", "proposal", "scenario")


def load_schema(repo, name):
    path = os.path.join(repo, "docs", "schema", name + ".schema.json")
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def shipped_files(repo):
    """(schema name, path relative to repo) for every shipped file."""
    out = [("schema", "rules/schema.yaml")]
    rel = lambda p: os.path.relpath(p, repo)
    out += [("facts", rel(p)) for p in sorted(glob.glob(os.path.join(repo, "rules", "facts", "*.yaml")))]
    for pack in sorted(glob.glob(os.path.join(repo, "rules", "*", ""))):
        if os.path.basename(os.path.dirname(pack)) == "facts":
            continue
        out += [("rule-pack", rel(p)) for p in sorted(glob.glob(os.path.join(pack, "*.yaml")))]
    out += [("proposal", rel(p)) for p in sorted(glob.glob(os.path.join(repo, "scenarios", "proposals", "*.yaml")))]
    out += [("scenario", rel(p)) for p in sorted(glob.glob(os.path.join(repo, "scenarios", "*.yaml")))]
    return out


def errors_of(validator, repo, path):
    """Problems with one file, as 'path: at: message' lines (empty when it validates)."""
    full = path if os.path.isabs(path) or os.path.exists(path) else os.path.join(repo, path)
    try:
        with open(full, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=Yaml12Loader)
    except (OSError, yaml.YAMLError) as e:
        return [f"{path}: cannot read: {e}"]
    out = []
    for err in sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path]):
        at = "/".join(str(p) for p in err.absolute_path) or "(top)"
        out.append(f"{path}: {at}: {err.message}")
    return out


def main(argv):
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    args = list(argv)
    if len(args) >= 2 and args[0] == "--repo":
        repo = args[1]
        args = args[2:]
    expect_invalid = False
    if args and args[0] == "--expect-invalid":
        expect_invalid = True
        args = args[1:]
    if args:
        if args[0] not in SCHEMAS or len(args) < 2:
            print(__doc__, file=sys.stderr)
            return 2
        jobs = [(args[0], p) for p in args[1:]]
    elif expect_invalid:
        print(__doc__, file=sys.stderr)
        return 2
    else:
        jobs = shipped_files(repo)

    validators = {name: load_schema(repo, name) for name in {s for s, _ in jobs}}
    failed = 0
    for schema, path in jobs:
        problems = errors_of(validators[schema], repo, path)
        if expect_invalid:
            if problems:
                print(f"rejected as expected ({schema}):")
                for p in problems:
                    print("  " + p)
            else:
                print(f"{path}: NOT rejected by {schema}.schema.json")
                failed += 1
        else:
            for p in problems:
                print(p)
            failed += 1 if problems else 0
    word = "rejected" if expect_invalid else "valid"
    print(f"{len(jobs) - failed} of {len(jobs)} files {word}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
