#!/usr/bin/env bash
# Side-by-side comparison of a SCIM backend reached directly, through scim-tenant-router (legacy route, and /v2/{tenant}
# route with body rewrite), through nginx configured for the same job and through HAProxy doing the routing without
# any body rewrite. Contenders are interleaved round by round (A B C D E A B C D E ...) so that machine noise spreads
# over all of them.
#
#   benchmarks/compare.sh [--quick] [--rounds N] [--contenders direct,legacy,tenant,nginx,haproxy]
#                         [--backend static|stub] [--keep]
#
# The backend is nginx serving the stub backend's documents as static files (--backend stub: the JVM stub itself);
# wrk (closed loop) gives req/s and CPU per request, h2load at a fixed rate the latency, curl the 50 MB list.
# Writes benchmarks/results/latest.md and latest.svg and prints the table. Loopback only; every process this script
# starts is stopped by its PID on exit. See benchmarks/README.md for what each figure means.
set -euo pipefail

# The router's JVM options. Keep them in step with the options the project ships for production (the launcher
# script bin/scim-tenant-router once it exists, the Dockerfile): the router's peak RSS is reported with these.
ROUTER_JAVA_OPTS=${ROUTER_JAVA_OPTS:--Xms64m -Xmx192m -XX:+UseParallelGC -Dio.netty.leakDetection.level=disabled}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE=$ROOT/benchmarks/compare
BENCH_JAR=$ROOT/benchmarks/target/scim-router-bench.jar
ROUTER_JAR=$ROOT/proxy/target/scim-tenant-router.jar
RESULTS=${RESULTS_DIR:-$ROOT/benchmarks/results}

QUICK=0
KEEP=0
ROUNDS=""
BACKEND=static
CONTENDERS="direct,legacy,tenant,nginx,haproxy"
CONNECTIONS=${CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-1}
MODERATE_RATE=${MODERATE_RATE:-2000}
TENANTS=4
LIST_BYTES=52428800
LIST_REPEATS=${LIST_REPEATS:-3}

usage() {
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    echo "Environment: RESULTS_DIR (default benchmarks/results), CONNECTIONS (default 32), WRK_THREADS (default 1),"
    echo "             MODERATE_RATE (req/s, default 2000),"
    echo "             ROUTER_CONFIG (router YAML), ROUTER_JAVA_OPTS, STUB_JAVA_OPTS, LIST_REPEATS (50 MB downloads"
    echo "             per round, default 3), LIST_WARMUP (unmeasured 50 MB downloads per contender before round 1;"
    echo "             default 10, 3 with --quick)."
}

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --rounds) ROUNDS=$2; shift ;;
        --contenders) CONTENDERS=$2; shift ;;
        --backend) BACKEND=$2; shift ;;
        --keep) KEEP=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
case "$BACKEND" in static|stub) ;; *) echo "--backend must be static or stub, not $BACKEND" >&2; exit 2 ;; esac

# durations in whole seconds
if [ "$QUICK" = 1 ]; then
    ROUNDS=${ROUNDS:-1}; WARMUP=2; DURATION=3; LOAD_WARMUP=1; FIRST_PASS=14; LIST_WARMUP=${LIST_WARMUP:-3}
else
    ROUNDS=${ROUNDS:-3}; WARMUP=10; DURATION=20; LOAD_WARMUP=5; FIRST_PASS=30; LIST_WARMUP=${LIST_WARMUP:-10}
fi
# as many event loops (router) and threads (HAProxy) as nginx has worker processes (worker_processes auto)
ROUTER_WORKERS=${ROUTER_WORKERS:-$(nproc)}
PROXY_THREADS=$(nproc)
IFS=, read -r -a CONTENDER_LIST <<< "$CONTENDERS"
for c in "${CONTENDER_LIST[@]}"; do
    case "$c" in direct|legacy|tenant|nginx|haproxy) ;; *) echo "unknown contender: $c" >&2; exit 2 ;; esac
done

WORK=$(mktemp -d /tmp/scim-compare.XXXXXX)
declare -a STARTED_PIDS=()
TOOL_PID=""
# TERM to every process this script started (the router drains first), KILL to any still there 30 s later
cleanup() {
    local pid i
    set +e
    for pid in $TOOL_PID "${STARTED_PIDS[@]}"; do
        kill "$pid" 2>/dev/null
    done
    for pid in $TOOL_PID "${STARTED_PIDS[@]}"; do
        for i in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && { echo "[compare] PID $pid ignored TERM for 30 s: KILL" >&2; kill -KILL "$pid"; }
        wait "$pid" 2>/dev/null
    done
    if [ "$KEEP" = 1 ]; then
        echo "kept work files in $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[compare +${SECONDS}s] $*" >&2; }

# --- prerequisites -----------------------------------------------------------------------------------------------
needs_contender() { [[ ",$CONTENDERS," == *",$1,"* ]]; }

APT_UPDATED=0
# installs Debian packages (only their binaries are used: no system service is ever started by this script)
install_packages() {
    log "installing $* with apt-get"
    if [ "$APT_UPDATED" = 0 ]; then
        apt-get update -qq; APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 "$@" >/dev/null
}
# sets variable $1 to the path of binary $2, installing package $3 (or $4 when $3 cannot be installed) when missing
binary() {
    local path
    path=$(command -v "$2" || true)
    [ -z "$path" ] && [ -x "/usr/sbin/$2" ] && path=/usr/sbin/$2
    if [ -z "$path" ]; then
        install_packages "$3" || { [ -n "${4:-}" ] && install_packages "$4"; } || true
        path=$(command -v "$2" || echo "/usr/sbin/$2")
    fi
    [ -x "$path" ] || { log "no $2 after installing $3"; exit 1; }
    printf -v "$1" '%s' "$path"
}

if [ ! -f "$BENCH_JAR" ]; then
    log "building the benchmarks jar"
    (cd "$ROOT" && mvn -B -ntp -q -pl benchmarks -am package -DskipTests)
fi
if { needs_contender legacy || needs_contender tenant; } && [ ! -f "$ROUTER_JAR" ]; then
    log "building the router jar"
    (cd "$ROOT" && mvn -B -ntp -q -pl proxy package -DskipTests)
fi
binary CURL curl curl
binary WRK wrk wrk
binary H2LOAD h2load nghttp2-client
NGINX=""
if [ "$BACKEND" = static ] || needs_contender nginx; then
    binary NGINX nginx nginx-light nginx
fi
HAPROXY=""
needs_contender haproxy && binary HAPROXY haproxy haproxy

# --- processes ---------------------------------------------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    local port
    for port in $(seq "$1" $(($1 + 200))); do
        if ! port_in_use "$port"; then echo "$port"; return 0; fi
    done
    echo "no free port from $1" >&2
    return 1
}

wait_for_port() {
    local port=$1 pid=$2 what=$3 i
    for i in $(seq 1 200); do
        if port_in_use "$port"; then return 0; fi
        if ! kill -0 "$pid" 2>/dev/null; then log "$what exited early; its log:"; cat "$WORK/$what.log" >&2; exit 1; fi
        sleep 0.1
    done
    log "$what did not listen on $port within 20 s"; exit 1
}

declare -A PID_NAMES=()
started() { STARTED_PIDS+=("$1"); PID_NAMES[$1]=$2; }

# A run goes on when one figure fails, but not when a process it measures or relies on is gone: every figure after
# that would be noise (this also ends the run soon when Ctrl-C reached nginx but not this script, which bash's
# wait-and-cooperative-exit can do when the signal arrives while a short-lived child is exiting normally)
all_alive() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "${PID_NAMES[$pid]} (PID $pid) is gone; its log: $WORK/${PID_NAMES[$pid]}.log; stopping"
            exit 1
        fi
    done
}

# stops one process this script started and forgets it
stop_pid() {
    local pid=$1 kept=() p
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for p in "${STARTED_PIDS[@]}"; do [ "$p" != "$pid" ] && kept+=("$p"); done
    STARTED_PIDS=("${kept[@]}")
}

# writes a template from benchmarks/compare/ with @NAME@ replaced by the values given as NAME=value
fill_template() {
    local template=$1 out=$2 script="" pair
    shift 2
    for pair in "$@"; do script="$script; s#@${pair%%=*}@#${pair#*=}#g"; done
    sed -e "${script#; }" "$HERE/$template" >"$out"
    if grep -q '@[A-Z_]*@' "$out"; then log "unfilled placeholder in $out"; exit 1; fi
}

# starts nginx with prefix $1 (config already in $1/nginx.conf) as log name $2; sets STARTED_NGINX
start_nginx() {
    local prefix=$1 name=$2 port=$3
    mkdir -p "$prefix/logs" "$prefix/tmp"
    "$NGINX" -t -p "$prefix" -c "$prefix/nginx.conf" >"$WORK/$name-check.log" 2>&1 \
        || { cat "$WORK/$name-check.log" >&2; exit 1; }
    "$NGINX" -p "$prefix" -c "$prefix/nginx.conf" >"$WORK/$name.log" 2>&1 &
    STARTED_NGINX=$!
    started "$STARTED_NGINX" "$name"
    wait_for_port "$port" "$STARTED_NGINX" "$name"
}

user_id() { printf 'u-%010d' "$1"; }

# The static backend's documents, written by the JVM stub itself (so they are byte for byte what the stub answers)
# for the origin $2: the stub builds its URLs from the Host header it is given. Sets CREATED_LOCATION.
write_documents() {
    local docs=$1 origin=$2 port pid base i
    port=$(free_port $((BACKEND_PORT + 1)))
    # shellcheck disable=SC2086
    java ${STUB_JAVA_OPTS:-} -jar "$BENCH_JAR" stub-backend --host 127.0.0.1 --port "$port" --threads 1 \
        >"$WORK/documents-stub.log" 2>&1 &
    pid=$!
    started "$pid" documents-stub
    wait_for_port "$port" "$pid" documents-stub
    base=http://127.0.0.1:$port/scim/v2/p1/e1
    mkdir -p "$docs/scim/v2/p1/e1/Users" "$docs/lists" "$docs/created"
    fetch() { "$CURL" -fsS --max-time 120 -H "Host: ${origin#http://}" "${@:3}" -o "$docs/$2" "$base$1"; }
    for i in $(seq 1 "$TENANTS"); do
        fetch "/Users/$(user_id "$i")" "scim/v2/p1/e1/Users/$(user_id "$i")"
    done
    fetch '/Users?filter=userName%20eq%20%22user0000000001%40example.com%22' lists/filter.json
    fetch /Users lists/default.json
    fetch '/Users?listBytes=1048576' lists/bytes-1048576.json
    fetch "/Users?listBytes=$LIST_BYTES" "lists/bytes-$LIST_BYTES.json"
    fetch /Users created/user.json -X POST -H 'Content-Type: application/scim+json' --data '{"userName":"new"}' \
        -D "$WORK/created.head"
    CREATED_LOCATION=$(tr -d '\r' <"$WORK/created.head" | awk 'tolower($1) == "location:" { print $2 }')
    stop_pid "$pid"
}

BACKEND_PORT=$(free_port 18100)
BACKEND_PID=""
if [ "$BACKEND" = static ]; then
    log "writing the static backend's documents (the JVM stub's answers for http://127.0.0.1:$BACKEND_PORT)"
    # nginx's worker runs as an unprivileged user when started as root: it must reach the documents (mktemp's 0700)
    chmod 755 "$WORK"
    write_documents "$WORK/documents" "http://127.0.0.1:$BACKEND_PORT"
    mkdir -p "$WORK/backend"
    fill_template backend-nginx.conf "$WORK/backend/nginx.conf" PREFIX="$WORK/backend" DOCS="$WORK/documents" \
        PORT="$BACKEND_PORT" CREATED_LOCATION="$CREATED_LOCATION"
    start_nginx "$WORK/backend" backend "$BACKEND_PORT"
    BACKEND_PID=$STARTED_NGINX
    # the origin inside the backend's bodies: its own
    BODY_ORIGIN=http://127.0.0.1:$BACKEND_PORT
else
    # shellcheck disable=SC2086
    java ${STUB_JAVA_OPTS:-} -jar "$BENCH_JAR" stub-backend --host 127.0.0.1 --port "$BACKEND_PORT" \
        >"$WORK/backend.log" 2>&1 &
    BACKEND_PID=$!
    started "$BACKEND_PID" backend
    wait_for_port "$BACKEND_PORT" "$BACKEND_PID" backend
    # the stub builds its URLs from the Host header, which every contender forwards unchanged
    BODY_ORIGIN='http://$http_host'
fi

ROUTER_PID=""
if needs_contender legacy || needs_contender tenant; then
    ROUTER_PORT=$(free_port 18300)
    tenant_keys=$(seq -s, -f 't%g' 1 "$TENANTS")
    config=${ROUTER_CONFIG:-$WORK/router.yaml}
    if [ -z "${ROUTER_CONFIG:-}" ]; then
        cat >"$config" <<EOF
# written by compare.sh; the environment below overrides backend, ports and tenants
server:
  host: 127.0.0.1
  workerThreads: $ROUTER_WORKERS
EOF
    fi
    router_env=(SCIM_ROUTER_BACKEND_URL="http://127.0.0.1:$BACKEND_PORT" SCIM_ROUTER_SERVER_PORT="$ROUTER_PORT"
        SCIM_ROUTER_ADMIN_PORT=-1
        SCIM_ROUTER_TENANTS_STATIC="[{project: p1, environment: e1, tenants: [${tenant_keys}]}]")
    env "${router_env[@]}" java -jar "$ROUTER_JAR" --config "$config" --check >"$WORK/router-check.log" 2>&1 \
        || { log "the router rejects its configuration:"; cat "$WORK/router-check.log" >&2; exit 1; }
    # shellcheck disable=SC2086
    env "${router_env[@]}" java $ROUTER_JAVA_OPTS -jar "$ROUTER_JAR" --config "$config" >"$WORK/router.log" 2>&1 &
    ROUTER_PID=$!
    started "$ROUTER_PID" router
    wait_for_port "$ROUTER_PORT" "$ROUTER_PID" router
fi

NGINX_PID=""
if needs_contender nginx; then
    NGINX_PORT=$(free_port 18500)
    mkdir -p "$WORK/nginx"
    fill_template nginx.conf "$WORK/nginx/nginx.conf" PREFIX="$WORK/nginx" PORT="$NGINX_PORT" \
        BACKEND="127.0.0.1:$BACKEND_PORT" BODY_ORIGIN="$BODY_ORIGIN"
    start_nginx "$WORK/nginx" nginx "$NGINX_PORT"
    NGINX_PID=$STARTED_NGINX
fi

HAPROXY_PID=""
if needs_contender haproxy; then
    HAPROXY_PORT=$(free_port 18700)
    fill_template haproxy.cfg "$WORK/haproxy.cfg" THREADS="$PROXY_THREADS" PORT="$HAPROXY_PORT" \
        BACKEND="127.0.0.1:$BACKEND_PORT"
    "$HAPROXY" -c -f "$WORK/haproxy.cfg" >"$WORK/haproxy-check.log" 2>&1 \
        || { cat "$WORK/haproxy-check.log" >&2; exit 1; }
    # -db: in the foreground, one process (threads), so its PID is the one to stop and to sample
    "$HAPROXY" -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
    HAPROXY_PID=$!
    started "$HAPROXY_PID" haproxy
    wait_for_port "$HAPROXY_PORT" "$HAPROXY_PID" haproxy
fi

# --- per contender -----------------------------------------------------------------------------------------------
origin() {
    case "$1" in
        direct) echo "http://127.0.0.1:$BACKEND_PORT" ;;
        legacy|tenant) echo "http://127.0.0.1:$ROUTER_PORT" ;;
        nginx) echo "http://127.0.0.1:$NGINX_PORT" ;;
        haproxy) echo "http://127.0.0.1:$HAPROXY_PORT" ;;
    esac
}
tenant_aware() { case "$1" in tenant|nginx|haproxy) return 0 ;; *) return 1 ;; esac; }
label() { if [ "$1" = haproxy ]; then echo "haproxy (no body rewrite)"; else echo "$1"; fi; }
# the request paths of GET one user, one per tenant on the tenant-aware contenders
user_paths() {
    local i
    for i in $(seq 1 "$TENANTS"); do
        if tenant_aware "$1"; then echo "/scim/v2/p1/e1/v2/t$i/Users/$(user_id "$i")"
        else echo "/scim/v2/p1/e1/Users/$(user_id "$i")"; fi
    done
}
list_url() {
    if tenant_aware "$1"; then echo "$(origin "$1")/scim/v2/p1/e1/v2/t1/Users?listBytes=$2"
    else echo "$(origin "$1")/scim/v2/p1/e1/Users?listBytes=$2"; fi
}
# the processes that do the proxying (nginx: master and its workers; HAProxy and the router: one process each)
proxy_pids() {
    case "$1" in
        legacy|tenant) echo "$ROUTER_PID" ;;
        nginx) echo "$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')" ;;
        haproxy) echo "$HAPROXY_PID" ;;
        *) echo "" ;;
    esac
}
peak_rss_kb() {
    local total=0 pid kb
    for pid in "$@"; do
        kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        total=$((total + ${kb:-0}))
    done
    echo "$total"
}
CLK_TCK=$(getconf CLK_TCK)
# utime + stime of the given processes (all their threads), in clock ticks; the command name may hold spaces
cpu_ticks() {
    local total=0 pid ticks
    for pid in "$@"; do
        ticks=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }' || echo 0)
        total=$((total + ${ticks:-0}))
    done
    echo "$total"
}
# CPU seconds used by this shell's reaped children so far (the second line of bash's times, which must run in this
# shell, not in a command substitution's subshell)
children_cpu() {
    times >"$WORK/times"
    awk 'NR == 2 { sub("m", " ", $1); sub("m", " ", $2); split($1, u, " "); split($2, s, " ")
        printf "%.3f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$WORK/times"
}

# Runs a measuring tool (wrk, h2load, curl) in the background and waits for it, so that Ctrl-C or TERM reaches the
# traps at once; stdout to $1, stderr appended to tools.log; at most $2 seconds. Sets TOOL_CPU (the tool's CPU
# seconds) and TOOL_RC. Not to be called in a command substitution: the traps would wait for the tool.
run_tool() {
    local out=$1 limit=$2 before after
    shift 2
    all_alive
    children_cpu >"$WORK/cpu.before"
    timeout -k 5 "$limit" "$@" >"$out" 2>>"$WORK/tools.log" &
    TOOL_PID=$!
    TOOL_RC=0
    wait "$TOOL_PID" || TOOL_RC=$?
    TOOL_PID=""
    children_cpu >"$WORK/cpu.after"
    before=$(cat "$WORK/cpu.before"); after=$(cat "$WORK/cpu.after")
    TOOL_CPU=$(awk -v a="$before" -v b="$after" 'BEGIN { printf "%.3f", b - a }')
}

mkdir -p "$WORK/r" "$RESULTS"
put() { echo "$3" >"$WORK/r/$1.$2.$ROUND"; }
FAILURES=$WORK/failures
touch "$FAILURES"
failed() { log "WARNING: $*"; echo "$*" >>"$FAILURES"; }
# the median of the numbers in a file (or - for stdin), one per line; "nan" and empty lines ignored
median_of() {
    grep -v -e nan -e '^$' "$1" 2>/dev/null | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "" } else if (NR % 2) { print v[(NR + 1) / 2] } else { print (v[NR / 2] + v[NR / 2 + 1]) / 2 } }' \
        || true
}

# One wrk run of $2 seconds against contender $1, GET one user over CONNECTIONS connections (closed loop). Sets
# WRK_REQUESTS and WRK_SECONDS, both empty when wrk failed or saw an error answer (a failed run is no figure).
wrk_run() {
    local c=$1 seconds=$2 out=$WORK/wrk.out figures requests elapsed errors
    WRK_REQUESTS=""; WRK_SECONDS=""
    # the assignment in front of a function call is exported to the commands it runs
    WRK_PATHS="$(user_paths "$c" | tr '\n' ' ')" run_tool "$out" $((seconds + 30)) \
        "$WRK" -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${seconds}s" -s "$HERE/wrk-paths.lua" "$(origin "$c")"
    figures=$(grep -m1 '^WRK_RESULT' "$out" | awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
        errors = f["connect"] + f["read"] + f["write"] + f["status"] + f["timeout"]
        printf "%d %.3f %d", f["requests"], f["duration_us"] / 1e6, errors }' || true)
    read -r requests elapsed errors <<<"${figures:-0 0 0}"
    if [ "$TOOL_RC" != 0 ] || [ -z "$figures" ]; then
        failed "$c: wrk exited with $TOOL_RC"
    elif [ "$errors" != 0 ] || [ "$requests" = 0 ]; then
        failed "$c: wrk saw $errors errors in $requests requests ($(grep -m1 '^WRK_RESULT' "$out"))"
    else
        WRK_REQUESTS=$requests; WRK_SECONDS=$elapsed
    fi
}

# Closed loop: an unmeasured wrk run (warm-up), then the measured one with the proxy's CPU sampled from /proc
# right before and after it, so that neither the warm-up traffic nor anything after it is counted.
measure_throughput() {
    local c=$1 pids before after requests
    pids=$(proxy_pids "$c")
    wrk_run "$c" "$WARMUP"
    # shellcheck disable=SC2086
    before=$(cpu_ticks $pids)
    wrk_run "$c" "$DURATION"
    # shellcheck disable=SC2086
    after=$(cpu_ticks $pids)
    requests=$WRK_REQUESTS
    if [ -z "$requests" ]; then
        put "$c" rps nan; [ -n "$pids" ] && put "$c" cpu nan; return 0
    fi
    put "$c" rps "$(awk -v n="$requests" -v s="$WRK_SECONDS" 'BEGIN { printf "%.1f", n / s }')"
    put "$c" wrkcpu "$(awk -v s="$TOOL_CPU" -v n="$requests" 'BEGIN { printf "%.4f", s / n * 10000 }')"
    if [ -n "$pids" ]; then
        put "$c" cpu "$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" \
            'BEGIN { printf "%.4f", t / hz / n * 10000 }')"
    fi
}

# p50, p99 (ms) and the percentile curve (chart input) of the successful requests in an h2load log (start time us,
# status, duration us) that started at least $2 seconds after the first one; prints "p50 p99 count errors".
latency_figures() {
    local log=$1 skip=$2 json=$3 first
    first=$(awk -F'\t' 'NR == 1 || $1 < min { min = $1 } END { if (NR > 0) printf "%d", min }' "$log")
    [ -z "$first" ] && { echo "nan nan 0 0"; return 0; }
    awk -F'\t' -v from="$first" -v skip="$skip" '$1 >= from + skip * 1e6' "$log" >"$log.window"
    awk -F'\t' '$2 >= 200 && $2 < 300 { print $3 }' "$log.window" | sort -n | awk -v json="$json" \
        -v errors="$(awk -F'\t' '$2 < 200 || $2 >= 300' "$log.window" | wc -l)" '
        { v[NR] = $1 }
        function at(p,   i) { i = int(p * NR); if (i < p * NR) i++; if (i < 1) i = 1; return v[i] / 1000 }
        END {
            if (NR == 0) { print "nan nan 0 " errors; exit }
            printf "%.3f %.3f %d %d\n", at(0.5), at(0.99), NR, errors
            # the curve: 20 points per nine (90 %, 99 %, ...) as far as the sample reaches, then the maximum
            printf "{\"percentileCurve\":[" > json
            for (k = 0; 10 ^ (k / 20) <= NR; k++) printf "[%.6f,%.3f],", 100 * (1 - 10 ^ (-k / 20)), at(1 - 10 ^ (-k / 20)) > json
            printf "[100,%.3f]]}\n", v[NR] / 1000 > json
        }'
}

# Open loop at MODERATE_RATE: h2load over CONNECTIONS HTTP/1.1 connections, each at MODERATE_RATE/CONNECTIONS req/s
# (--rps); the connections start 1 ms apart (-r 1 --rate-period 1ms) so that their timers do not fire together.
# The first LOAD_WARMUP seconds of its log are left out.
measure_latency() {
    local c=$1 log=$WORK/$1.h2load.log total per_connection uris=() path figures
    total=$((MODERATE_RATE * (LOAD_WARMUP + DURATION)))
    per_connection=$(awk -v r="$MODERATE_RATE" -v n="$CONNECTIONS" 'BEGIN { printf "%.3f", r / n }')
    for path in $(user_paths "$c"); do uris+=("$(origin "$c")$path"); done
    rm -f "$log"
    run_tool "$WORK/h2load.out" $((LOAD_WARMUP + DURATION + 60)) "$H2LOAD" --h1 -c "$CONNECTIONS" -r 1 \
        --rate-period 1ms -n "$total" --rps "$per_connection" --log-file "$log" "${uris[@]}"
    [ "$TOOL_RC" != 0 ] && failed "$c: h2load exited with $TOOL_RC"
    put "$c" h2loadcpu "$(awk -v s="$TOOL_CPU" -v t=$((LOAD_WARMUP + DURATION)) 'BEGIN { printf "%.1f", s / t * 100 }')"
    figures=$(latency_figures "$log" "$LOAD_WARMUP" "$WORK/$c.latency.json")
    read -r p50 p99 count errors <<<"$figures"
    if [ "$TOOL_RC" != 0 ] || [ "$errors" != 0 ] || [ "$count" = 0 ]; then
        [ "$errors" != 0 ] && failed "$c: $errors of $((count + errors)) requests at $MODERATE_RATE req/s failed"
        put "$c" p50 nan; put "$c" p99 nan; rm -f "$WORK/$c.latency.json"; return 0
    fi
    put "$c" p50 "$p50"
    put "$c" p99 "$p99"
}

# MB/s of one download of list size $2 from $1; nan, never a failure, when it fails or comes short (a list is
# within one user of its size, longer when rewritten), so one bad download neither aborts the run nor counts
download_mbps() {
    run_tool "$WORK/curl.out" 150 "$CURL" -fsS -o /dev/null --max-time 120 -w '%{size_download} %{time_total}' "$1"
    awk -v want="$2" -v f="$(cat "$WORK/curl.out")" -v rc="$TOOL_RC" 'BEGIN { n = split(f, a, " ")
        if (rc == 0 && n == 2 && a[1] >= 0.9 * want && a[2] > 0) printf "%.1f", a[1] / a[2] / 1e6; else printf "nan" }'
}

# $2 downloads of a 50 MB list from contender $1, one figure per line
downloads() {
    local i
    for i in $(seq 1 "$2"); do
        download_mbps "$(list_url "$1" "$LIST_BYTES")" "$LIST_BYTES"; echo
    done
}

# Round 1 first takes a 1 MB list (the RSS baseline), then LIST_WARMUP unmeasured 50 MB lists: a JVM compiles its
# large-body paths only after several such bodies on a small machine (the JVM stub's own too, which is warmed the
# same way before round 1). Their first and last figures go into the header as the cold ramp. Then, in every round,
# LIST_REPEATS downloads of 50 MB, whose median is the round's figure.
measure_large_list() {
    local c=$1 pids
    pids=$(proxy_pids "$c")
    if [ "$ROUND" = 1 ]; then
        if [ -n "$pids" ]; then
            download_mbps "$(list_url "$c" 1048576)" 1048576 >/dev/null
            # shellcheck disable=SC2086
            put "$c" rss1mb "$(peak_rss_kb $pids)"
        fi
        downloads "$c" "$LIST_WARMUP" >"$WORK/$c.mbps.warmup"
        put "$c" mbpscold "$(sed -n 1p "$WORK/$c.mbps.warmup")"
        put "$c" mbpswarmed "$(sed -n '$p' "$WORK/$c.mbps.warmup")"
    fi
    downloads "$c" "$LIST_REPEATS" >"$WORK/$c.mbps.$ROUND"
    put "$c" mbps "$(median_of "$WORK/$c.mbps.$ROUND")"
    grep -q nan "$WORK/$c.mbps.$ROUND" && failed "$c: a 50 MB download failed or came short in round $ROUND"
    # shellcheck disable=SC2086
    [ -n "$pids" ] && put "$c" rss "$(peak_rss_kb $pids)"
    return 0
}

log "backend: $BACKEND; contenders: ${CONTENDER_LIST[*]}; rounds: $ROUNDS; warm-up ${WARMUP}s, measured ${DURATION}s per run; work dir $WORK"

# --- checks before measuring -------------------------------------------------------------------------------------
# Every contender must really do its job, and the result goes into the report: a table measured while the router
# forwarded bodies untouched, or while nginx's sub_filter matched nothing, says so.
get_body() { "$CURL" -sS --max-time 10 "${@:2}" "$1" 2>/dev/null || true; }
post_location() {
    "$CURL" -sS --max-time 10 -o /dev/null -D - -X POST -H 'Content-Type: application/scim+json' \
        --data '{"userName":"check"}' "$1" 2>/dev/null | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }' || true
}
count_of() { grep -o -F -- "$2" <<<"$1" | wc -l; }
declare -A CHECKS=()
DIRECT_USER=$(get_body "http://127.0.0.1:$BACKEND_PORT$(user_paths direct | head -1)")
for c in "${CONTENDER_LIST[@]}"; do
    [ "$c" = direct ] && continue
    o=$(origin "$c")
    problems=()
    if tenant_aware "$c"; then
        client_base=$o/scim/v2/p1/e1/v2/t1
        body=$(get_body "$o$(user_paths "$c" | head -1)")
        location=$(post_location "$o/scim/v2/p1/e1/v2/t1/Users")
        [[ "$location" == "$client_base/Users/"* ]] || problems+=("Location ${location:-missing}")
        if [ "$c" = haproxy ]; then
            # no body rewrite by design: the body arrives as the backend wrote it
            [ "$BACKEND" = static ] && [ "$body" != "$DIRECT_USER" ] && problems+=("body differs from the backend's")
            [ -z "$body" ] && problems+=("no body")
            what="path, tenant header and Location mapped; bodies untouched by design"
        else
            [[ "$body" == *"\"location\":\"$client_base/Users/$(user_id 1)\""* ]] || problems+=("meta.location untouched")
            [ "$(count_of "$body" "\"$client_base/")" = 4 ] || problems+=("not all 4 URLs in the user mapped")
            list=$(get_body "$(list_url "$c" 1048576)")
            [ "$(count_of "$list" "\"$client_base/Users/")" -gt 100 ] || problems+=("1 MB list not mapped")
            if [ "$BACKEND" = static ] && [[ "$body$list" == *"$BODY_ORIGIN/"* ]]; then
                problems+=("the backend's origin left in a body")
            fi
            what="URLs in bodies (user: all 4; 1 MB list) and Location mapped to $client_base"
        fi
    else
        body=$(get_body "$o$(user_paths "$c" | head -1)")
        if [ "$BACKEND" = static ]; then
            [ "$body" = "$DIRECT_USER" ] || problems+=("body differs from the backend's")
            what="bodies byte for byte as the backend's"
        else
            [[ "$body" == *'"location":"'* && "$body" != *"/v2/t"* ]] || problems+=("unexpected body")
            what="bodies untouched"
        fi
    fi
    if [ "$BACKEND" = static ]; then
        # the static backend echoes the tenant header it receives; a client's own header must not get through
        path=/scim/v2/p1/e1/Users/tenant-echo
        tenant_aware "$c" && path=/scim/v2/p1/e1/v2/t2/Users/tenant-echo
        echoed=$(get_body "$o$path" -H 'X-Tenant-Id: spoofed')
        expected='{"tenant":""}'
        tenant_aware "$c" && expected='{"tenant":"t2"}'
        [ "$echoed" = "$expected" ] || problems+=("backend saw ${echoed:-no answer} instead of $expected")
        what="$what; tenant header as expected (a client's spoofed one dropped)"
    fi
    if [ ${#problems[@]} = 0 ]; then
        CHECKS[$c]="yes: $what"
    else
        CHECKS[$c]="NO: $(IFS=';'; echo "${problems[*]}")"
        failed "$c does not do its job: ${CHECKS[$c]}"
    fi
done

# One pass over every contender first, so that no one meets a cold backend (a JIT, with --backend stub) in round 1.
# It runs as 1-second wrk runs, whose figures give the warm-up figure: seconds of traffic until the 3-second average
# first reached 80 % of the pass's last 10 seconds. The router is cold in the first router contender's pass only.
warmup_seconds() {
    awk '{ t[NR] = NR; r[NR] = $1 / $2 } END {
        if (NR < 13) { print ""; exit }
        for (i = NR - 9; i <= NR; i++) final += r[i]; final /= 10
        for (i = 3; i <= NR; i++) if ((r[i] + r[i - 1] + r[i - 2]) / 3 >= 0.8 * final) { printf "%.0f", t[i]; exit }
        print "" }' "$1"
}
declare -A V_WARMUP=()
for c in "${CONTENDER_LIST[@]}"; do
    log "first pass over $c (${FIRST_PASS} s)"
    : >"$WORK/$c.first-pass"
    for i in $(seq 1 "$FIRST_PASS"); do
        wrk_run "$c" 1
        [ -n "$WRK_REQUESTS" ] && echo "$WRK_REQUESTS $WRK_SECONDS" >>"$WORK/$c.first-pass"
    done
    V_WARMUP[$c]=$(warmup_seconds "$WORK/$c.first-pass")
done
for ROUND in $(seq 1 "$ROUNDS"); do
    for c in "${CONTENDER_LIST[@]}"; do log "round $ROUND: $c throughput"; measure_throughput "$c"; done
    for c in "${CONTENDER_LIST[@]}"; do log "round $ROUND: $c latency at $MODERATE_RATE req/s"; measure_latency "$c"; done
    if [ "$ROUND" = 1 ] && [ "$BACKEND" = stub ]; then
        log "warming the stub's 50 MB list ($LIST_WARMUP downloads)"; downloads direct "$LIST_WARMUP" >/dev/null
    fi
    for c in "${CONTENDER_LIST[@]}"; do log "round $ROUND: $c 50 MB list"; measure_large_list "$c"; done
done

# --- report ------------------------------------------------------------------------------------------------------
# median over rounds ("nan" when every round failed, empty when never measured); peak RSS is the maximum
median() {
    local files=("$WORK/r/$1.$2".*)
    [ -e "${files[0]}" ] || { echo ""; return 0; }
    local m
    m=$(cat "${files[@]}" | median_of -)
    echo "${m:-nan}"
}
maximum() { cat "$WORK/r/$1.$2".* 2>/dev/null | grep -v nan | sort -g | tail -1 || true; }
fmt() { case "$1" in "") echo "–" ;; nan) echo "nan" ;; *) awk -v v="$1" -v f="$2" 'BEGIN { printf f, v }' ;; esac; }
ratio() {
    if [ -z "$1" ] || [ -z "$2" ]; then echo "–"
    elif [ "$1" = nan ] || [ "$2" = nan ]; then echo "nan"
    else awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "nan"; else printf "%.2f", a / b }'; fi
}
# added p50 of $1 over $2's: no ratio when either added nothing (a proxy cannot add less than nothing: on a busy
# machine the direct p50 can still come out the larger)
added_ratio() {
    if [ -n "$1" ] && [ -n "$2" ] && [ "$1" != nan ] && [ "$2" != nan ] \
        && awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= 0 || b <= 0) }'; then
        echo "nan"
    else
        ratio "$1" "$2"
    fi
}
minus() {
    if [ -z "$1" ] || [ -z "$2" ]; then echo ""
    elif [ "$1" = nan ] || [ "$2" = nan ]; then echo "nan"
    else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; fi
}

declare -A V
for c in "${CONTENDER_LIST[@]}"; do
    for f in rps p50 p99 cpu mbps mbpscold mbpswarmed wrkcpu h2loadcpu; do V[$c.$f]=$(median "$c" $f); done
    rss=$(maximum "$c" rss); V[$c.rss]=$([ -n "$rss" ] && awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }' || echo "")
    rss1=$(maximum "$c" rss1mb); V[$c.rss1]=$([ -n "$rss1" ] && awk -v k="$rss1" 'BEGIN { printf "%.1f", k / 1024 }' || echo "")
    V[$c.rssgrowth]=$([ -n "$rss1" ] && [ -n "$rss" ] \
        && awk -v a="$rss1" -v b="$rss" 'BEGIN { printf "%.1f", (b - a) / 1024 }' || echo "")
    if [ "$c" != direct ] && needs_contender direct; then V[$c.added]=$(minus "${V[$c.p50]}" "${V[direct.p50]}"); fi
done
[ -n "${V[direct.p50]:-}" ] && V[direct.added]=0
get() { echo "${V[$1.$2]:-}"; }

# per-round ratio of figure $2 of $1 to the same figure of $3 (added p50: both minus direct's p50 of that round)
round_ratio() {
    local c=$1 f=$2 ref=$3 r=$4 a b d
    a=$(cat "$WORK/r/$c.$f.$r" 2>/dev/null || true); b=$(cat "$WORK/r/$ref.$f.$r" 2>/dev/null || true)
    if [ "$f" = p50 ]; then
        d=$(cat "$WORK/r/direct.p50.$r" 2>/dev/null || true)
        a=$(minus "$a" "$d"); b=$(minus "$b" "$d")
        added_ratio "$a" "$b"
    else
        ratio "$a" "$b"
    fi
}
# "min–max" of the per-round ratios, nan rounds left out
spread() {
    local r values=""
    for r in $(seq 1 "$ROUNDS"); do values="$values $(round_ratio "$@" "$r")"; done
    tr ' ' '\n' <<<"$values" | grep -E '^-?[0-9.]+$' | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 }
        END { if (NR == 0) print "nan"; else if (lo == hi) print lo; else print lo "–" hi }'
}

TABLE=$WORK/table.md
{
    echo "| contender | req/s | ×nginx | ×direct | p50 ms | p99 ms | added p50 ms | ×nginx | CPU s / 10k req | ×nginx | peak RSS MB | RSS growth 1→50 MB list, MB | 50 MB list MB/s | ×nginx | ×direct |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for c in "${CONTENDER_LIST[@]}"; do
        echo "| $(label "$c") | $(fmt "$(get "$c" rps)" %.0f) | $(ratio "$(get "$c" rps)" "$(get nginx rps)") |" \
            "$(ratio "$(get "$c" rps)" "$(get direct rps)") | $(fmt "$(get "$c" p50)" %.3f) |" \
            "$(fmt "$(get "$c" p99)" %.3f) | $(fmt "$(get "$c" added)" %.3f) |" \
            "$([ "$c" = direct ] && echo "–" || added_ratio "$(get "$c" added)" "$(get nginx added)") |" \
            "$(fmt "$(get "$c" cpu)" %.3f) | $(ratio "$(get "$c" cpu)" "$(get nginx cpu)") |" \
            "$(fmt "$(get "$c" rss)" %.1f) | $(fmt "$(get "$c" rssgrowth)" %.1f) | $(fmt "$(get "$c" mbps)" %.1f) |" \
            "$(ratio "$(get "$c" mbps)" "$(get nginx mbps)") | $(ratio "$(get "$c" mbps)" "$(get direct mbps)") |"
    done
} >"$TABLE"

{
    echo "# scim-tenant-router: comparison"
    echo
    args=""
    [ "$QUICK" = 1 ] && args="$args --quick"
    [ "$BACKEND" = stub ] && args="$args --backend stub"
    echo "Produced by \`benchmarks/compare.sh$args\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
    echo "Machine: $(nproc) cores, load average before the report: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "Rounds: $ROUNDS (medians shown; peak RSS is the maximum), contenders interleaved in each round."
    if [ "$BACKEND" = static ]; then
        echo "Backend: nginx, 1 worker process, serving the JVM stub's documents as static files (user $(wc -c <"$WORK/documents/scim/v2/p1/e1/Users/$(user_id 1)") bytes)."
    else
        echo "Backend: the JVM stub (\`stub-backend\`), sharing the cores with the contenders."
    fi
    echo "Throughput and CPU: \`wrk -t$WRK_THREADS -c$CONNECTIONS\`, closed loop, ${DURATION} s after a ${WARMUP} s warm-up run, GET one user;"
    echo "CPU of the proxy process(es) from /proc over the measured run. wrk's own CPU: $(fmt "$(get "${CONTENDER_LIST[0]}" wrkcpu)" %.3f) s / 10k req (${CONTENDER_LIST[0]})."
    line="Latency: h2load at $MODERATE_RATE req/s over $CONNECTIONS HTTP/1.1 connections, ${DURATION} s after ${LOAD_WARMUP} s;"
    echo "$line h2load's own CPU: $(fmt "$(get "${CONTENDER_LIST[0]}" h2loadcpu)" %.1f) % of a core (${CONTENDER_LIST[0]})."
    echo "Tenant-aware contenders (tenant, nginx, haproxy) spread requests over $TENANTS tenants (/v2/t1 .. /v2/t$TENANTS)."
    for c in "${CONTENDER_LIST[@]}"; do
        [ -n "${CHECKS[$c]:-}" ] && echo "Checked before measuring, $(label "$c"): ${CHECKS[$c]}."
    done
    line="Warm-up (first $FIRST_PASS s of traffic, closed loop; seconds until the 3 s average reached 80 % of the last 10 s):"
    for c in "${CONTENDER_LIST[@]}"; do line="$line $c ${V_WARMUP[$c]:-?} s,"; done
    echo "${line%,}. The router is cold only in the first router pass."
    line="50 MB list: \`curl\`, the median of $LIST_REPEATS downloads per round, after $LIST_WARMUP unmeasured ones per contender"
    line="$line in round 1; the first and the last of those, in MB/s:"
    for c in "${CONTENDER_LIST[@]}"; do
        line="$line $c $(fmt "$(get "$c" mbpscold)" %.0f) → $(fmt "$(get "$c" mbpswarmed)" %.0f),"
    done
    echo "${line%,}."
    echo "Router JVM: \`$ROUTER_JAVA_OPTS\`, $ROUTER_WORKERS event loops; nginx: worker_processes auto; HAProxy: nbthread $PROXY_THREADS."
    if [ -n "$ROUTER_PID" ]; then
        # legacy and tenant are the same process: its peak is the larger of their figures
        router_rss=$(printf '%s\n' "$(get legacy rss)" "$(get tenant rss)" | grep . | sort -g | tail -1 || true)
        router_rss1=$(printf '%s\n' "$(get legacy rss1)" "$(get tenant rss1)" | grep . | sort -g | head -1 || true)
        echo "Router peak RSS (VmHWM) with these JVM options: $(fmt "$router_rss" %.1f) MB over the whole run ($(fmt "$router_rss1" %.1f) MB after round 1's load runs and a 1 MB list)."
    fi
    if [ "$ROUNDS" -ge 3 ] && needs_contender nginx; then
        line="Run-to-run spread over $ROUNDS rounds, min–max of the per-round ratio to nginx:"
        for c in "${CONTENDER_LIST[@]}"; do
            case "$c" in direct|nginx) continue ;; esac
            line="$line $c req/s $(spread "$c" rps nginx), added p50 $(spread "$c" p50 nginx),"
            line="$line CPU $(spread "$c" cpu nginx), 50 MB MB/s $(spread "$c" mbps nginx);"
        done
        needs_contender legacy && needs_contender tenant \
            && line="$line tenant ÷ legacy 50 MB MB/s $(spread tenant mbps legacy);"
        echo "${line%;}."
    fi
    if [ -s "$FAILURES" ]; then
        echo "Failed figures (nan), or checks that failed:"
        sed 's/^/- /' "$FAILURES"
    fi
    echo
    cat "$TABLE"
    echo
    echo "![latency percentiles](latest.svg)"
} >"$RESULTS/latest.md"

charts=()
for c in "${CONTENDER_LIST[@]}"; do
    [ -f "$WORK/$c.latency.json" ] && charts+=("$(label "$c")=$WORK/$c.latency.json")
done
if [ ${#charts[@]} -gt 0 ]; then
    java -jar "$BENCH_JAR" chart --out "$RESULTS/latest.svg" \
        --title "GET user at $MODERATE_RATE req/s (h2load), $CONNECTIONS connections (last round)" "${charts[@]}" \
        || log "WARNING: the chart could not be written"
fi

cat "$RESULTS/latest.md"
