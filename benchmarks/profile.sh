#!/usr/bin/env bash
# Per-request counts of one router jar under wrk load, on the legacy and the /v2/{tenant} route, in front of the
# nginx static backend of compare.sh: allocated bytes per request (JFR's per-thread allocation totals), system calls
# per request by name (strace -c over every thread of the router), and the hottest Java frames and allocation sites
# (JFR execution and allocation samples). Counts per request do not depend on the machine's load, unlike CPU
# figures (those come from ab.sh, interleaved). --native adds a window under async-profiler (CPU timer, Java and
# native frames, the event loops only): what share of their time goes to system calls, the JVM and Java code.
# --rate N measures each window under an open loop at N req/s (h2load, as compare.sh's latency figure) instead of
# wrk's closed loop, with a first window without a profiler for the router's CPU per request and the p50: where a
# request's time goes well below saturation, where its CPU is on the path of its latency.
#
#   benchmarks/profile.sh [--jar JAR] [--routes legacy,tenant] [--duration S] [--warmup S] [--top N] [--native]
#                         [--rate N] [--keep]
#
# JAR defaults to this checkout's proxy/target/scim-tenant-router.jar; the JVM options are the launcher's
# (ROUTER_JAVA_OPTS overrides them). Loopback only; every process it starts is stopped on exit.
set -euo pipefail

ROUTER_JAVA_OPTS=${ROUTER_JAVA_OPTS:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE=$ROOT/benchmarks/compare
BENCH_JAR=$ROOT/benchmarks/target/scim-router-bench.jar
JAR=$ROOT/proxy/target/scim-tenant-router.jar
ROUTES="legacy,tenant"
DURATION=10
WARMUP=20
TOP=15
NATIVE=0
RATE=""
KEEP=0
CONNECTIONS=${CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-1}
TENANTS=4
LIST_BYTES=52428800

while [ $# -gt 0 ]; do
    case "$1" in
        --jar) JAR=$2; shift ;;
        --routes) ROUTES=$2; shift ;;
        --duration) DURATION=$2; shift ;;
        --warmup) WARMUP=$2; shift ;;
        --top) TOP=$2; shift ;;
        --native) NATIVE=1 ;;
        --rate) RATE=$2; shift
                [[ $RATE =~ ^[1-9][0-9]*$ ]] || { echo "--rate takes whole requests per second, not $RATE" >&2; exit 2; } ;;
        --keep) KEEP=1 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done
[ -f "$JAR" ] || { echo "no such jar: $JAR" >&2; exit 2; }
if [ -n "$RATE" ] && [ $((RATE * DURATION)) -lt "$CONNECTIONS" ]; then
    echo "--rate $RATE for $DURATION s sends fewer requests than the $CONNECTIONS connections" >&2; exit 2
fi
IFS=, read -r -a ROUTE_LIST <<< "$ROUTES"

BENCH_NAME=profile
# shellcheck source=benchmarks/bench-lib.sh
source "$ROOT/benchmarks/bench-lib.sh"
[ -n "$ROUTER_JAVA_OPTS" ] || ROUTER_JAVA_OPTS=$(launcher_java_opts)
bench_init
binary CURL curl curl
binary WRK wrk wrk
binary NGINX nginx nginx-light nginx
binary STRACE strace strace
[ -n "$RATE" ] && binary H2LOAD h2load nghttp2-client
JFR=$(command -v jfr || echo "${JAVA_HOME:-/usr}/bin/jfr")
JCMD=$(command -v jcmd || echo "${JAVA_HOME:-/usr}/bin/jcmd")

# JFR's profile settings with the allocation totals per thread every second (the default: once per chunk), Java
# samples every millisecond and up to 5000 allocation samples a second (more samples in a short window)
awk '/<event name=/ { event = $0 }
    event ~ /jdk.ThreadAllocationStatistics/ && /name="period"/ { sub(/>[^<]*</, ">1 s<") }
    event ~ /"jdk.ExecutionSample"/ && /name="period"/ { sub(/>[^<]*</, ">1 ms<") }
    event ~ /jdk.ObjectAllocationSample/ && /name="throttle"/ { sub(/>[^<]*</, ">5000/s<") }
    { print }' "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" \
    >"$WORK/profile.jfc"

if [ "$NATIVE" = 1 ]; then
    case "$(uname -m)" in
        x86_64) arch=linux-x64 ;;
        aarch64) arch=linux-arm64 ;;
        *) echo "--native: async-profiler has no library for $(uname -m)" >&2; exit 2 ;;
    esac
    # the bench jar carries async-profiler's native library (its Maven artifact is a dependency of benchmarks/)
    AGENT=$WORK/libasyncProfiler.so
    python3 -c 'import sys, zipfile; open(sys.argv[3], "wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
        "$BENCH_JAR" "$arch/libasyncProfiler.so" "$AGENT" 2>"$WORK/agent.log" \
        || { echo "--native: no $arch/libasyncProfiler.so in $BENCH_JAR (build it: mvn -q package -DskipTests)" >&2
             exit 2; }
fi

# "tid name ticks" of each of the router's threads, sorted by tid (for join)
thread_ticks() {
    local task
    for task in /proc/"$PID"/task/*; do
        echo "${task##*/} $(tr ' ' _ <"$task/comm" 2>/dev/null) $(sed 's/^.*) //' "$task/stat" 2>/dev/null \
            | awk '{ print $12 + $13 }')"
    done | sort
}

# One measured window of DURATION seconds on route $1 ($2 names it): wrk's closed loop, or with --rate an open loop
# at RATE req/s. Sets WINDOW_REQUESTS (answered requests; with --rate, those asked for) and WINDOW_CPU_US (the
# router's CPU per request over the window, in microseconds).
window() {
    local route=$1 what=$2 before after uris=() path
    before=$(cpu_ticks "$PID")
    if [ -n "$RATE" ]; then
        for path in $(paths "$route"); do uris+=("$ORIGIN$path"); done
        h2load_open_loop "$WORK/$route.h2load.log" "$RATE" "$DURATION" "${uris[@]}"
        WINDOW_REQUESTS=$H2LOAD_ANSWERED
        if [ "$TOOL_RC" != 0 ] || [ "$H2LOAD_ANSWERED" != "$H2LOAD_REQUESTS" ]; then
            # a window that did not get every request answered gives no figures (nan), as wrk's does
            failed "$route $what: h2load exited with $TOOL_RC, $H2LOAD_ANSWERED of $H2LOAD_REQUESTS answered 2xx"
            WINDOW_REQUESTS=""
        fi
    else
        # shellcheck disable=SC2046
        wrk_closed_loop "$route $what" "$ORIGIN" "$DURATION" $(paths "$route")
        WINDOW_REQUESTS=$WRK_REQUESTS
    fi
    after=$(cpu_ticks "$PID")
    WINDOW_CPU_US=$(cpu_us_per_request $((after - before)) "$WINDOW_REQUESTS")
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
start_static_backend
write_router_config "$(config_dir router)/router.yaml" "$(nproc)"
# deep enough stacks that the inclusive shares of a pipeline's outer handlers are not cut off (JFR keeps 64 frames)
start_router router "$JAR" "$(config_dir router)/router.yaml" "$ROUTER_JAVA_OPTS -XX:FlightRecorderOptions=stackdepth=256"
PID=$STARTED_ROUTER
ORIGIN=http://127.0.0.1:$STARTED_ROUTER_PORT

echo "# profile.sh: $(realpath "$JAR")"
if [ -n "$RATE" ]; then
    load_line="h2load at $RATE req/s over $CONNECTIONS connections (warm-up: wrk -t$WRK_THREADS -c$CONNECTIONS)"
else
    load_line="wrk -t$WRK_THREADS -c$CONNECTIONS"
fi
echo "JVM: $ROUTER_JAVA_OPTS; $load_line; load average before: $LOAD_BEFORE"
for route in "${ROUTE_LIST[@]}"; do
    log "$route: ${WARMUP} s warm-up"
    # shellcheck disable=SC2046
    wrk_closed_loop "$route warm-up" "$ORIGIN" "$WARMUP" $(paths "$route")

    if [ -n "$RATE" ]; then
        # no profiler in this one: at a moderate rate JFR's own sampling would dwarf a request's CPU
        log "$route: ${DURATION} s at $RATE req/s, not profiled"
        thread_ticks >"$WORK/threads.before"
        window "$route" plain
        thread_ticks >"$WORK/threads.after"
        plain_cpu=$WINDOW_CPU_US
        # CPU per request by thread name (digits folded: both event loops together), largest first
        plain_threads=$(join "$WORK/threads.before" "$WORK/threads.after" | awk -v n="${WINDOW_REQUESTS:-0}" \
            -v hz="$CLK_TCK" '{ name = $2; gsub(/[0-9]+/, "N", name); t[name] += $5 - $3 }
            END { if (n > 0) for (k in t) if (t[k] > 0) printf "%.1f %s\n", t[k] / hz / n * 1e6, k }' \
            | sort -rn | awk '{ printf "%s%s %s µs", (NR > 1 ? ", " : ""), $2, $1 }')
        # compare.sh's percentiles (ms), the whole window counted
        read -r plain_p50 _ <<<"$(latency_figures "$WORK/$route.h2load.log" 0 "$WORK/$route.latency.json")"
        [ -n "$WINDOW_REQUESTS" ] || plain_p50=nan
    fi
    log "$route: ${DURATION} s under JFR"
    "$JCMD" "$PID" JFR.start name="$route" settings="$WORK/profile.jfc" filename="$WORK/$route.jfr" >/dev/null
    window "$route" jfr
    jfr_requests=$WINDOW_REQUESTS
    "$JCMD" "$PID" JFR.stop name="$route" >/dev/null
    "$JFR" print --json --events jdk.ThreadAllocationStatistics,jdk.ExecutionSample,jdk.ObjectAllocationSample \
        "$WORK/$route.jfr" >"$WORK/$route.json"

    log "$route: ${DURATION} s under strace -c"
    # every thread of the router (strace -f would only follow new ones)
    "$STRACE" -c -f -o "$WORK/$route.strace" -p "$(ls /proc/"$PID"/task | paste -sd, -)" 2>"$WORK/strace.log" &
    strace_pid=$!
    started "$strace_pid" strace
    sleep 1
    window "$route" strace
    strace_requests=$WINDOW_REQUESTS
    stop_pid "$strace_pid"

    native_args=()
    if [ "$NATIVE" = 1 ]; then
        log "$route: ${DURATION} s under async-profiler"
        # the options in quotes: jcmd would split them at '='
        "$JCMD" "$PID" JVMTI.agent_load "$AGENT" '"start,event=ctimer,interval=1ms,threads"' >>"$WORK/agent.log"
        window "$route" native
        "$JCMD" "$PID" JVMTI.agent_load "$AGENT" "\"stop,file=$WORK/$route.collapsed,collapsed\"" >>"$WORK/agent.log"
        native_args=(--collapsed "$WORK/$route.collapsed")
    fi

    echo
    echo "## $route route (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    if [ -n "$RATE" ]; then
        echo
        echo "At $RATE req/s, a window without a profiler: the router's CPU per request $plain_cpu µs, p50 $plain_p50 ms"
        echo "By thread (/proc/PID/task/*/stat): ${plain_threads:-nan}."
        echo "(h2load's time from sending a request to its answer; the backend's part included)."
    fi
    python3 "$ROOT/benchmarks/profile-summary.py" --requests "${jfr_requests:-0}" --top "$TOP" \
        --jfr-json "$WORK/$route.json" --strace "$WORK/$route.strace" --strace-requests "${strace_requests:-0}" \
        "${native_args[@]}"
done
if [ -s "$FAILURES" ]; then
    echo
    echo "Failed windows (their figures are nan or left out):"
    sed 's/^/- /' "$FAILURES"
fi
