# Shared pieces of the benchmark scripts (compare.sh, ab.sh): process bookkeeping and clean-up, prerequisites,
# ports, the static nginx backend, the router started with a given jar and configuration, CPU from /proc and wrk
# runs. Sourced, never run. The sourcing script sets BENCH_NAME (log prefix, work directory name), KEEP (1 keeps
# the work directory), HERE (benchmarks/compare, the templates), BENCH_JAR, TENANTS, LIST_BYTES, WRK_THREADS and
# CONNECTIONS, then calls bench_init; every process started through `started` is stopped by its PID on exit.

# The JVM options the project ships, read from the launcher bin/scim-tenant-router so that the benchmarks measure
# what production runs and the two never drift apart.
launcher_java_opts() {
    local opts
    opts=$(sed -n "/^DEFAULT_JAVA_OPTS='/,/'\$/p" "$ROOT/bin/scim-tenant-router" | tr '\n' ' ' \
        | sed "s/^DEFAULT_JAVA_OPTS='//; s/' *\$//")
    [ -n "$opts" ] || { echo "no DEFAULT_JAVA_OPTS in $ROOT/bin/scim-tenant-router: set ROUTER_JAVA_OPTS" >&2; return 2; }
    echo "$opts"
}

# Creates the work directory $WORK and installs the traps that stop every process this script started.
bench_init() {
    WORK=$(mktemp -d "/tmp/scim-$BENCH_NAME.XXXXXX")
    FAILURES=$WORK/failures
    touch "$FAILURES"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
}

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
        kill -0 "$pid" 2>/dev/null && { echo "[$BENCH_NAME] PID $pid ignored TERM for 30 s: KILL" >&2; kill -KILL "$pid"; }
        wait "$pid" 2>/dev/null
    done
    # a script's own clean-up (ab.sh: its temporary git worktrees)
    declare -F on_cleanup >/dev/null && on_cleanup
    if [ "$KEEP" = 1 ]; then
        echo "kept work files in $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}

log() { echo "[$BENCH_NAME +${SECONDS}s] $*" >&2; }
failed() { log "WARNING: $*"; echo "$*" >>"$FAILURES"; }

# --- prerequisites -----------------------------------------------------------------------------------------------
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
# The GET targets of the TENANTS users, one per line: the legacy route's, or ("tenant") each user under its own /v2/tN
paths() {
    local i
    for i in $(seq 1 "$TENANTS"); do
        if [ "$1" = tenant ]; then echo "/scim/v2/p1/e1/v2/t$i/Users/$(user_id "$i")"
        else echo "/scim/v2/p1/e1/Users/$(user_id "$i")"; fi
    done
}

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


# Writes the documents and starts the static backend (nginx, one worker) on a free port from 18100; sets
# BACKEND_PORT, BACKEND_PID and BODY_ORIGIN (the origin inside the backend's bodies: its own).
start_static_backend() {
    BACKEND_PORT=$(free_port 18100)
    log "writing the static backend's documents (the JVM stub's answers for http://127.0.0.1:$BACKEND_PORT)"
    # nginx's worker runs as an unprivileged user when started as root: it must reach the documents (mktemp's 0700)
    chmod 755 "$WORK"
    write_documents "$WORK/documents" "http://127.0.0.1:$BACKEND_PORT"
    mkdir -p "$WORK/backend"
    fill_template backend-nginx.conf "$WORK/backend/nginx.conf" PREFIX="$WORK/backend" DOCS="$WORK/documents" \
        PORT="$BACKEND_PORT" CREATED_LOCATION="$CREATED_LOCATION"
    start_nginx "$WORK/backend" backend "$BACKEND_PORT"
    BACKEND_PID=$STARTED_NGINX
    BODY_ORIGIN=http://127.0.0.1:$BACKEND_PORT
}

# The configuration the benchmarks give the router when none is named: only keys every revision since the tenant
# routes knows (server.host, server.workerThreads); backend, ports and tenants come from the environment.
write_router_config() {
    mkdir -p "$(dirname "$1")"
    cat >"$1" <<EOF
# written by $BENCH_NAME.sh; the environment overrides backend, ports and tenants
server:
  host: 127.0.0.1
  workerThreads: $2
EOF
}

# A directory of its own for router $1's configuration file: the router watches the directory of its file (live
# reload), and a log written beside it would wake the watcher at every access log line
config_dir() { echo "$WORK/config-$1"; }

# Starts the router jar $2 with configuration $3 and JVM options $4 as log name $1 on a free port from 18300, in
# front of the backend on BACKEND_PORT, tenants t1..tTENANTS of p1/e1, admin off; the configuration is checked
# first (--check). Sets STARTED_ROUTER (PID) and STARTED_ROUTER_PORT.
start_router() {
    local name=$1 jar=$2 config=$3 java_opts=$4 port tenant_keys router_env
    port=$(free_port 18300)
    tenant_keys=$(seq -s, -f 't%g' 1 "$TENANTS")
    router_env=(SCIM_ROUTER_BACKEND_URL="http://127.0.0.1:$BACKEND_PORT" SCIM_ROUTER_SERVER_PORT="$port"
        SCIM_ROUTER_ADMIN_PORT=-1
        SCIM_ROUTER_TENANTS_STATIC="[{project: p1, environment: e1, tenants: [${tenant_keys}]}]")
    env "${router_env[@]}" java -jar "$jar" --config "$config" --check >"$WORK/$name-check.log" 2>&1 \
        || { log "$name rejects its configuration $config:"; cat "$WORK/$name-check.log" >&2; exit 1; }
    # shellcheck disable=SC2086
    env "${router_env[@]}" java $java_opts -jar "$jar" --config "$config" >"$WORK/$name.log" 2>&1 &
    STARTED_ROUTER=$!
    STARTED_ROUTER_PORT=$port
    started "$STARTED_ROUTER" "$name"
    wait_for_port "$port" "$STARTED_ROUTER" "$name"
}

# --- measuring ---------------------------------------------------------------------------------------------------
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

# the median of the numbers in a file (or - for stdin), one per line; "nan" and empty lines ignored
median_of() {
    grep -v -e nan -e '^$' "$1" 2>/dev/null | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "" } else if (NR % 2) { print v[(NR + 1) / 2] } else { print (v[NR / 2] + v[NR / 2 + 1]) / 2 } }' \
        || true
}


# One wrk run (closed loop, CONNECTIONS connections, WRK_THREADS threads) of $3 seconds against origin $2, the
# request paths $4.. in turn; $1 names the run in warnings. Sets WRK_REQUESTS and WRK_SECONDS, both empty when wrk
# failed or saw an error answer (a failed run is no figure).
wrk_closed_loop() {
    local what=$1 origin=$2 seconds=$3 out=$WORK/wrk.out figures requests elapsed errors
    shift 3
    WRK_REQUESTS=""; WRK_SECONDS=""
    # the assignment in front of a function call is exported to the commands it runs
    WRK_PATHS="$*" run_tool "$out" $((seconds + 30)) \
        "$WRK" -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${seconds}s" -s "$HERE/wrk-paths.lua" "$origin"
    figures=$(grep -m1 '^WRK_RESULT' "$out" | awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
        errors = f["connect"] + f["read"] + f["write"] + f["status"] + f["timeout"]
        printf "%d %.3f %d", f["requests"], f["duration_us"] / 1e6, errors }' || true)
    read -r requests elapsed errors <<<"${figures:-0 0 0}"
    if [ "$TOOL_RC" != 0 ] || [ -z "$figures" ]; then
        failed "$what: wrk exited with $TOOL_RC"
    elif [ "$errors" != 0 ] || [ "$requests" = 0 ]; then
        failed "$what: wrk saw $errors errors in $requests requests ($(grep -m1 '^WRK_RESULT' "$out"))"
    else
        WRK_REQUESTS=$requests; WRK_SECONDS=$elapsed
    fi
}

# Open loop: $2 req/s for $3 seconds over CONNECTIONS HTTP/1.1 connections (h2load; H2LOAD set by the caller with
# binary), each connection at $2/CONNECTIONS req/s (--rps), the connections started 1 ms apart (-r 1 --rate-period
# 1ms) so that their timers do not fire together; per-request times (start us, status, duration us) to log file $1;
# the URIs follow. Sets TOOL_RC, TOOL_CPU (see run_tool), H2LOAD_REQUESTS (the requests it was asked to send) and
# H2LOAD_ANSWERED (the 2xx answers in its log: h2load exits 0 even when requests fail).
h2load_open_loop() {
    local log=$1 rate=$2 seconds=$3 per_connection
    shift 3
    per_connection=$(awk -v r="$rate" -v n="$CONNECTIONS" 'BEGIN { printf "%.3f", r / n }')
    H2LOAD_REQUESTS=$((rate * seconds))
    rm -f "$log"
    run_tool "$WORK/h2load.out" $((seconds + 60)) "$H2LOAD" --h1 -c "$CONNECTIONS" -r 1 --rate-period 1ms \
        -n "$H2LOAD_REQUESTS" --rps "$per_connection" --log-file "$log" "$@"
    H2LOAD_ANSWERED=$(awk '$2 >= 200 && $2 < 300' "$log" 2>/dev/null | wc -l)
}

# CPU seconds per 10k requests from a tick difference $1 over $2 requests
cpu_per_10k() { awk -v t="$1" -v hz="$CLK_TCK" -v n="$2" 'BEGIN { printf "%.4f\n", t / hz / n * 10000 }'; }
# CPU microseconds per request from a tick difference $1 over $2 requests (nan without requests)
cpu_us_per_request() {
    awk -v t="$1" -v hz="$CLK_TCK" -v n="${2:-0}" 'BEGIN { if (n > 0) printf "%.1f\n", t / hz / n * 1e6; else print "nan" }'
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
