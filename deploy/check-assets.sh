#!/usr/bin/env bash
# Checks the observability assets with Prometheus' own tool (promtool, Debian package `prometheus`):
# the alert rules' syntax, their unit tests on synthetic series, and the syntax of every dashboard query
# (the Grafana variables replaced by plain values). Which series they name is checked against a real scrape by
# ObservabilityAssetsTest. Run from anywhere; .ci/run runs it before the tests.
set -euo pipefail
cd "$(dirname "$0")"

promtool check rules prometheus/alerts.yaml
promtool test rules prometheus/alerts-test.yaml

queries=$(mktemp --suffix=.yaml)
trap 'rm -f "$queries"' EXIT
/usr/bin/python3 - grafana/scim-tenant-router.json "$queries" <<'PY'
import json, sys
dashboard = json.load(open(sys.argv[1]))
panels = [p for top in dashboard["panels"] for p in [top] + top.get("panels", [])]
exprs = [t["expr"] for p in panels for t in p.get("targets", [])]
with open(sys.argv[2], "w") as out:
    out.write("groups:\n  - name: dashboard-queries\n    rules:\n")
    for i, expr in enumerate(exprs):
        expr = (expr.replace("$__rate_interval", "1m").replace('"$job"', '".*"')
                .replace('"$instance"', '".*"'))
        out.write("      - record: dashboard:query_%d\n        expr: %s\n" % (i, json.dumps(expr)))
print("dashboard: %d queries from %d panels" % (len(exprs), len(panels)))
PY
promtool check rules "$queries"
