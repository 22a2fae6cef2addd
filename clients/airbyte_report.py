"""Reads the Airbyte messages a connector printed and says what happened: `check` (the connection status), `discover`
(writes a full-refresh catalog of every stream), `read` (records per stream, each checked against the stream's own
JSON schema with jsonschema). Exits 1 on a failed check, an error message, or a record that breaks its schema."""
import collections
import json
import sys

import jsonschema

mode = sys.argv[1]
failed = False
records = collections.Counter()
problems = collections.Counter()
schemas = {}
if mode == "read":
    for s in json.load(open(sys.argv[2]))["streams"]:
        schemas[s["stream"]["name"]] = jsonschema.Draft7Validator(s["stream"]["json_schema"])
for line in sys.stdin:
    m = json.loads(line)
    if m["type"] == "CONNECTION_STATUS":
        print("check:", m["connectionStatus"]["status"])
        failed |= m["connectionStatus"]["status"] != "SUCCEEDED"
    elif m["type"] == "CATALOG":
        streams = m["catalog"]["streams"]
        print("discover:", len(streams), "streams:", ", ".join(s["name"] for s in streams))
        json.dump({"streams": [{"stream": s, "sync_mode": "full_refresh", "destination_sync_mode": "overwrite"} for s in streams]},
                  open(sys.argv[2], "w"))
    elif m["type"] == "RECORD":
        name = m["record"]["stream"]
        records[name] += 1
        for e in schemas[name].iter_errors(m["record"]["data"]):
            problems[f"{name}.{'/'.join(map(str, e.path))}: {e.message[:80]}"] += 1
    elif m["type"] == "TRACE" and m["trace"]["type"] == "ERROR":
        print("error:", m["trace"]["error"]["message"])
        failed = True
    elif m["type"] == "LOG" and m["log"]["level"] in ("ERROR", "FATAL"):
        print("log:", m["log"]["message"][:300])
        failed = True
if mode == "read":
    print("read:", ", ".join(f"{k} {v}" for k, v in sorted(records.items())))
    for p, n in sorted(problems.items()):
        print(f"  schema: {p} ({n} records)")
    print("schema problems:", sum(problems.values()))
    failed |= len(records) < len(schemas) or bool(problems)
sys.exit(1 if failed else 0)
