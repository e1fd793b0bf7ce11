#!/usr/bin/env bash
# A/B comparison of two router jars on the same machine in one run: A and B run side by side in front of the same
# nginx static backend (compare.sh's), and wrk (closed loop) measures them in interleaved rounds (A B A B ...) on the
# legacy route and on the /v2/{tenant} route, so that machine noise falls on both alike. Per route it reports req/s
# and CPU seconds per 10k requests (utime + stime of the router process from /proc) of each jar, and the B/A ratio
# of every round with their median and min-max.
#
#   benchmarks/ab.sh (--jar-a JAR | --rev-a REV) [--jar-b JAR | --rev-b REV] [--config-a FILE] [--config-b FILE]
#                    [--opts-a JVM_OPTS] [--opts-b JVM_OPTS] [--rounds N] [--warmup S] [--duration S]
#                    [--routes legacy,tenant] [--out FILE] [--keep]
#
# --rev-X builds that git revision's jar in a temporary git worktree (mvn package, never install); B defaults to
# this checkout's proxy/target/scim-tenant-router.jar (built when missing). --config-X names the YAML file of that
# jar (default: server.host and server.workerThreads only, which every revision with the tenant routes knows);
# backend, ports and tenants always come from the environment. --opts-X replaces that jar's JVM options (default:
# ROUTER_JAVA_OPTS, else the launcher's), so one jar can be compared with itself under other options. Loopback only;
# every process this script starts (and the temporary worktrees) is removed on exit. See benchmarks/README.md.
set -euo pipefail

ROUTER_JAVA_OPTS=${ROUTER_JAVA_OPTS:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE=$ROOT/benchmarks/compare
BENCH_JAR=$ROOT/benchmarks/target/scim-router-bench.jar

JAR_A=""; JAR_B=""; REV_A=""; REV_B=""; CONFIG_A=""; CONFIG_B=""; OPTS_A=""; OPTS_B=""; OUT=""
KEEP=0
ROUNDS=5
WARMUP=5
DURATION=10
FIRST_PASS=20
ROUTES="legacy,tenant"
CONNECTIONS=${CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-1}
TENANTS=4
# the static backend serves the 50 MB list too (its nginx configuration names it), though ab.sh does not fetch it
LIST_BYTES=52428800

usage() {
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
    echo "Defaults: 5 rounds, 5 s warm-up and 10 s measured per run (after a 20 s first pass per jar and route)."
    echo "Environment: ROUTER_JAVA_OPTS (default: the options of bin/scim-tenant-router), CONNECTIONS (default 32),"
    echo "             WRK_THREADS (default 1), ROUTER_WORKERS (event loops, default: cores)."
}

while [ $# -gt 0 ]; do
    case "$1" in
        --jar-a) JAR_A=$2; shift ;;
        --jar-b) JAR_B=$2; shift ;;
        --rev-a) REV_A=$2; shift ;;
        --rev-b) REV_B=$2; shift ;;
        --config-a) CONFIG_A=$2; shift ;;
        --config-b) CONFIG_B=$2; shift ;;
        --opts-a) OPTS_A=$2; shift ;;
        --opts-b) OPTS_B=$2; shift ;;
        --rounds) ROUNDS=$2; shift ;;
        --warmup) WARMUP=$2; shift ;;
        --duration) DURATION=$2; shift ;;
        --first-pass) FIRST_PASS=$2; shift ;;
        --routes) ROUTES=$2; shift ;;
        --out) OUT=$2; shift ;;
        --keep) KEEP=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
[ -n "$JAR_A" ] && [ -n "$REV_A" ] && { echo "--jar-a or --rev-a, not both" >&2; exit 2; }
[ -n "$JAR_B" ] && [ -n "$REV_B" ] && { echo "--jar-b or --rev-b, not both" >&2; exit 2; }
[ -z "$JAR_A" ] && [ -z "$REV_A" ] && { echo "A is missing: --jar-a JAR or --rev-a REV" >&2; usage >&2; exit 2; }
for f in "$CONFIG_A" "$CONFIG_B" "$JAR_A" "$JAR_B"; do
    [ -z "$f" ] || [ -f "$f" ] || { echo "no such file: $f" >&2; exit 2; }
done
IFS=, read -r -a ROUTE_LIST <<< "$ROUTES"
for r in "${ROUTE_LIST[@]}"; do
    case "$r" in legacy|tenant) ;; *) echo "unknown route: $r (legacy, tenant)" >&2; exit 2 ;; esac
done
for n in "$ROUNDS" "$WARMUP" "$DURATION" "$FIRST_PASS"; do
    [[ "$n" =~ ^[0-9]+$ ]] || { echo "not a whole number: $n" >&2; exit 2; }
done
[ "$DURATION" -gt 0 ] && [ "$ROUNDS" -gt 0 ] || { echo "--rounds and --duration must be at least 1" >&2; exit 2; }
ROUTER_WORKERS=${ROUTER_WORKERS:-$(nproc)}

BENCH_NAME=ab
# shellcheck source=benchmarks/bench-lib.sh
source "$ROOT/benchmarks/bench-lib.sh"
[ -n "$ROUTER_JAVA_OPTS" ] || ROUTER_JAVA_OPTS=$(launcher_java_opts)
OPTS_A=${OPTS_A:-$ROUTER_JAVA_OPTS}
OPTS_B=${OPTS_B:-$ROUTER_JAVA_OPTS}
declare -a WORKTREES=()
# the temporary worktrees go with the work directory (cleanup runs this before removing it)
on_cleanup() {
    local wt
    for wt in "${WORKTREES[@]}"; do git -C "$ROOT" worktree remove --force "$wt" >/dev/null 2>&1 || true; done
    [ ${#WORKTREES[@]} = 0 ] || git -C "$ROOT" worktree prune >/dev/null 2>&1 || true
}
bench_init

# Builds revision $2's router jar in a temporary worktree and copies it to $WORK/$1.jar
build_revision() {
    local name=$1 rev=$2 wt=$WORK/src-$1 commit
    commit=$(git -C "$ROOT" rev-parse --verify "$rev^{commit}") || { log "no such revision: $rev"; exit 2; }
    log "building $name from $rev ($commit) in $wt"
    WORKTREES+=("$wt")
    git -C "$ROOT" worktree add --detach "$wt" "$commit" >/dev/null 2>&1
    (cd "$wt" && mvn -B -ntp -q -DskipTests package -pl proxy -am) >"$WORK/build-$name.log" 2>&1 \
        || { log "the build of $rev failed:"; tail -30 "$WORK/build-$name.log" >&2; exit 1; }
    cp "$wt/proxy/target/scim-tenant-router.jar" "$WORK/$name.jar"
    git -C "$ROOT" worktree remove --force "$wt" >/dev/null
    DESCRIPTION[$name]="$rev ($(git -C "$ROOT" log -1 --format='%h %s' "$commit" | cut -c1-80))"
}

declare -A DESCRIPTION=()
[ -n "$REV_A" ] && build_revision a "$REV_A"
[ -n "$REV_B" ] && build_revision b "$REV_B"
if [ -n "$JAR_A" ]; then cp "$JAR_A" "$WORK/a.jar"; DESCRIPTION[a]=$(realpath "$JAR_A"); fi
if [ -z "$REV_B" ]; then
    JAR_B=${JAR_B:-$ROOT/proxy/target/scim-tenant-router.jar}
    if [ ! -f "$JAR_B" ]; then
        log "building this checkout's router jar"
        (cd "$ROOT" && mvn -B -ntp -q -DskipTests package -pl proxy -am)
    fi
    cp "$JAR_B" "$WORK/b.jar"; DESCRIPTION[b]=$(realpath "$JAR_B")
fi
if [ ! -f "$BENCH_JAR" ]; then
    log "building the benchmarks jar (its stub writes the backend's documents)"
    (cd "$ROOT" && mvn -B -ntp -q -DskipTests package -pl benchmarks -am)
fi
binary CURL curl curl
binary WRK wrk wrk
binary NGINX nginx nginx-light nginx

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
start_static_backend
declare -A PID=() PORT=()
for j in a b; do
    config=$(config_dir "$j")/router.yaml
    given=CONFIG_${j^^}
    if [ -n "${!given}" ]; then
        mkdir -p "$(dirname "$config")"; cp "${!given}" "$config"
    else
        write_router_config "$config" "$ROUTER_WORKERS"
    fi
    opts=OPTS_${j^^}
    start_router "router-$j" "$WORK/$j.jar" "$config" "${!opts}"
    PID[$j]=$STARTED_ROUTER; PORT[$j]=$STARTED_ROUTER_PORT
done

# Both jars must do the job before they are measured: the legacy route hands the backend's body over byte for byte,
# the tenant route maps the URLs in it to the client's /v2/t1 form
backend_body=$("$CURL" -fsS --max-time 10 "http://127.0.0.1:$BACKEND_PORT$(paths legacy | head -1)")
for j in a b; do
    o=http://127.0.0.1:${PORT[$j]}
    body=$("$CURL" -fsS --max-time 10 "$o$(paths legacy | head -1)" || true)
    [ "$body" = "$backend_body" ] || { log "jar $j: the legacy route's body differs from the backend's"; exit 1; }
    body=$("$CURL" -fsS --max-time 10 "$o$(paths tenant | head -1)" || true)
    [[ "$body" == *"\"location\":\"$o/scim/v2/p1/e1/v2/t1/Users/$(user_id 1)\""* ]] \
        || { log "jar $j: the tenant route's body has no mapped meta.location: ${body:0:300}"; exit 1; }
done
log "both jars checked: legacy bodies as the backend's, tenant bodies rewritten"

mkdir -p "$WORK/r"
# One measured run of jar $1 on route $2 in round $3: a warm-up run, then the measured one with the router's CPU
# sampled right before and after it
measure() {
    local j=$1 route=$2 round=$3 before after origin
    origin=http://127.0.0.1:${PORT[$j]}
    # shellcheck disable=SC2046
    [ "$WARMUP" -gt 0 ] && wrk_closed_loop "$j $route warm-up" "$origin" "$WARMUP" $(paths "$route")
    before=$(cpu_ticks "${PID[$j]}")
    # shellcheck disable=SC2046
    wrk_closed_loop "$j $route round $round" "$origin" "$DURATION" $(paths "$route")
    after=$(cpu_ticks "${PID[$j]}")
    if [ -z "$WRK_REQUESTS" ]; then
        echo nan >"$WORK/r/$j.$route.rps.$round"; echo nan >"$WORK/r/$j.$route.cpu.$round"
    else
        awk -v n="$WRK_REQUESTS" -v s="$WRK_SECONDS" 'BEGIN { printf "%.1f\n", n / s }' >"$WORK/r/$j.$route.rps.$round"
        cpu_per_10k $((after - before)) "$WRK_REQUESTS" >"$WORK/r/$j.$route.cpu.$round"
    fi
    cut -d' ' -f1 /proc/loadavg >"$WORK/r/$j.$route.load.$round"
}

log "A: ${DESCRIPTION[a]}; B: ${DESCRIPTION[b]}; routes ${ROUTE_LIST[*]}; $ROUNDS rounds of ${WARMUP} s + ${DURATION} s; work dir $WORK"
for route in "${ROUTE_LIST[@]}"; do
    for j in a b; do
        log "first pass: $j $route (${FIRST_PASS} s, not measured)"
        # shellcheck disable=SC2046
        [ "$FIRST_PASS" -gt 0 ] && wrk_closed_loop "$j $route first pass" "http://127.0.0.1:${PORT[$j]}" "$FIRST_PASS" \
            $(paths "$route")
    done
done
for round in $(seq 1 "$ROUNDS"); do
    for route in "${ROUTE_LIST[@]}"; do
        for j in a b; do
            log "round $round: $j $route"
            all_alive
            measure "$j" "$route" "$round"
        done
    done
done

# --- report ------------------------------------------------------------------------------------------------------
value() { cat "$WORK/r/$1.$2.$3.$4" 2>/dev/null || echo nan; }
ratio() {
    awk -v b="$1" -v a="$2" 'BEGIN { if (a == "nan" || b == "nan" || a == 0) print "nan"; else printf "%.3f\n", b / a }'
}
fmt() { if [ "$1" = nan ] || [ -z "$1" ]; then echo nan; else awk -v v="$1" -v f="$2" 'BEGIN { printf f, v }'; fi; }
min_max() {
    grep -v -e nan -e '^$' | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { if (NR == 0) print "nan"; else print lo "–" hi }'
}
REPORT=$WORK/report.md
{
    echo "# ab.sh: B against A"
    echo
    echo "Produced by \`benchmarks/ab.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores;"
    echo "load average (1, 5, 15 min) before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "A: ${DESCRIPTION[a]}; config: ${CONFIG_A:-default (server.host, server.workerThreads)}."
    echo "B: ${DESCRIPTION[b]}; config: ${CONFIG_B:-default (server.host, server.workerThreads)}."
    if [ "$OPTS_A" = "$OPTS_B" ]; then
        echo "Router JVM: \`$OPTS_A\`, $ROUTER_WORKERS event loops; both jars run side by side, measured in turn."
    else
        echo "Router JVM, A: \`$OPTS_A\`; B: \`$OPTS_B\`; $ROUTER_WORKERS event loops; side by side, measured in turn."
    fi
    echo "Peak RSS (VmHWM) at the end: A $(awk '{ printf "%.1f", $1 / 1024 }' <<<"$(peak_rss_kb "${PID[a]}")") MB, B $(awk '{ printf "%.1f", $1 / 1024 }' <<<"$(peak_rss_kb "${PID[b]}")") MB."
    echo "Backend: nginx, 1 worker, static files (user $(printf %s "$backend_body" | wc -c) bytes). Load: \`wrk -t$WRK_THREADS -c$CONNECTIONS\`,"
    echo "closed loop, GET one user (4 users / tenants in turn); per run ${WARMUP} s warm-up, ${DURATION} s measured;"
    echo "$ROUNDS rounds, A then B in each; a ${FIRST_PASS} s unmeasured first pass per jar and route."
    echo "CPU: utime + stime of the router process over the measured run, seconds per 10k requests."
    for route in "${ROUTE_LIST[@]}"; do
        echo
        echo "## $route route"
        echo
        echo "| round | load avg (1 min) | A req/s | B req/s | B/A req/s | A CPU s/10k | B CPU s/10k | B/A CPU |"
        echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        : >"$WORK/rr"; : >"$WORK/rc"
        for round in $(seq 1 "$ROUNDS"); do
            ar=$(value a "$route" rps "$round"); br=$(value b "$route" rps "$round")
            ac=$(value a "$route" cpu "$round"); bc=$(value b "$route" cpu "$round")
            ratio "$br" "$ar" >>"$WORK/rr"; ratio "$bc" "$ac" >>"$WORK/rc"
            echo "| $round | $(value a "$route" load "$round") | $(fmt "$ar" %.0f) | $(fmt "$br" %.0f) |" \
                "$(tail -1 "$WORK/rr") | $(fmt "$ac" %.3f) | $(fmt "$bc" %.3f) | $(tail -1 "$WORK/rc") |"
        done
        for j in a b; do
            cat "$WORK/r/$j.$route.rps".* | median_of - >"$WORK/m.$j.rps"
            cat "$WORK/r/$j.$route.cpu".* | median_of - >"$WORK/m.$j.cpu"
        done
        echo "| median | | $(fmt "$(cat "$WORK/m.a.rps")" %.0f) | $(fmt "$(cat "$WORK/m.b.rps")" %.0f) |" \
            "$(fmt "$(median_of "$WORK/rr")" %.3f) | $(fmt "$(cat "$WORK/m.a.cpu")" %.3f) |" \
            "$(fmt "$(cat "$WORK/m.b.cpu")" %.3f) | $(fmt "$(median_of "$WORK/rc")" %.3f) |"
        echo
        echo "$route: B/A req/s median $(fmt "$(median_of "$WORK/rr")" %.3f) (min–max $(min_max <"$WORK/rr")), B/A CPU per request median $(fmt "$(median_of "$WORK/rc")" %.3f) (min–max $(min_max <"$WORK/rc"))."
    done
    if [ -s "$FAILURES" ]; then
        echo
        echo "Failed runs (nan):"
        sed 's/^/- /' "$FAILURES"
    fi
} >"$REPORT"
[ -n "$OUT" ] && cp "$REPORT" "$OUT"
cat "$REPORT"
