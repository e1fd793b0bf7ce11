"""Renders every panel of deploy/grafana/scim-tenant-router.json from a real Prometheus: the dashboard's own queries
(variables replaced: job and instance .*, $__rate_interval 30s), evaluated by Prometheus' query_range API, drawn with
matplotlib (Debian: python3-matplotlib). Not Grafana (it is not in Debian, and no npm or Maven package runs it): a
picture of what the dashboard's queries show. docs/img/dashboard.png was made this way (docs/OPERATIONS.md).

    /usr/bin/python3 deploy/grafana/render.py deploy/grafana/scim-tenant-router.json http://127.0.0.1:PORT \
        START_EPOCH END_EPOCH docs/img/dashboard.png
"""
import json, sys, urllib.parse, urllib.request, datetime
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

dash_file, prom, start, end, out = sys.argv[1:6]
dash = json.load(open(dash_file))
panels = [p for p in dash["panels"] if p["type"] != "row"]

def query(expr):
    expr = expr.replace("$__rate_interval", "30s").replace('"$job"', '".*"').replace('"$instance"', '".*"')
    q = urllib.parse.urlencode({"query": expr, "start": start, "end": end, "step": "5"})
    with urllib.request.urlopen(f"{prom}/api/v1/query_range?{q}") as r:
        return json.load(r)["data"]["result"]

def legend(fmt, labels):
    for k, v in labels.items():
        fmt = fmt.replace("{{" + k + "}}", v)
    return fmt.replace("127.0.0.1:", ":")

def formatter(unit):
    def f(v, _):
        if unit == "percentunit": return f"{v * 100:.0f}%" if abs(v) >= 0.1 or v == 0 else f"{v * 100:.1f}%"
        if unit == "s": return f"{v * 1000:.3g} ms" if v < 1 else f"{v:.1f} s"
        if unit == "bytes": return f"{v / 2**20:.0f} MiB"
        if unit == "Bps": return f"{v:.0f} B/s" if v < 1024 else f"{v / 1024:.1f} KiB/s"
        if unit in ("reqps", "ops"): return f"{v:g}/s"
        return f"{v:g}"
    return FuncFormatter(f)

cols = 5
rows = (len(panels) + cols - 1) // cols
fig, axes = plt.subplots(rows, cols, figsize=(cols * 4.2, rows * 2.7))
t0 = float(start)
for ax, p in zip(axes.flat, panels):
    unit = p["fieldConfig"]["defaults"]["unit"]
    for t in p["targets"]:
        for s in query(t["expr"]):
            xs = [(float(ts) - t0) / 60 for ts, _ in s["values"]]
            ys = [float(v) for _, v in s["values"]]
            ax.plot(xs, ys, linewidth=1, label=legend(t.get("legendFormat", ""), s["metric"]))
    ax.set_title(p["title"], fontsize=8.5)
    ax.tick_params(labelsize=7)
    ax.yaxis.set_major_formatter(formatter(unit))
    ax.set_xlabel("minutes", fontsize=7)
    ax.grid(alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(fontsize=5.5, loc="upper left", ncol=2, framealpha=0.6)
    else:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes, fontsize=8, color="grey")
for ax in list(axes.flat)[len(panels):]:
    ax.axis("off")
when = datetime.datetime.fromtimestamp(t0, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
fig.suptitle(f"scim-tenant-router dashboard queries, rendered from Prometheus {when} (not Grafana): the embedded demo "
             "under the load tool", fontsize=11)
fig.tight_layout(rect=(0, 0, 1, 0.98))
fig.savefig(out, dpi=64)
