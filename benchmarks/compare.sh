#!/usr/bin/env bash
# Side-by-side comparison of the SCIM stub backend reached directly, through scim-tenant-router (legacy route and
# /v2/{tenant} route with body rewrite) and through nginx configured for the same job. Contenders are interleaved
# round by round (A B C D A B C D ...) so that machine noise spreads over all of them.
#
#   benchmarks/compare.sh [--quick] [--rounds N] [--contenders direct,legacy,tenant,nginx] [--keep]
#
# Writes benchmarks/results/latest.md and latest.svg and prints the table. Loopback only; every process this script
# starts is stopped by its PID on exit. See benchmarks/README.md for what each figure means.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH_JAR=$ROOT/benchmarks/target/scim-router-bench.jar
ROUTER_JAR=$ROOT/proxy/target/scim-tenant-router.jar
RESULTS=$ROOT/benchmarks/results

QUICK=0
KEEP=0
ROUNDS=""
CONTENDERS="direct,legacy,tenant,nginx"
CONNECTIONS=${CONNECTIONS:-32}
MODERATE_RATE=${MODERATE_RATE:-1000}
TENANTS=4
LIST_BYTES=52428800
LIST_REPEATS=${LIST_REPEATS:-3}

usage() {
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    echo "Environment: CONNECTIONS (default 32), MODERATE_RATE (req/s, default 1000), ROUTER_CONFIG (router YAML),"
    echo "             ROUTER_JAVA_OPTS, LOAD_JAVA_OPTS, LIST_REPEATS (50 MB downloads per round, default 3),"
    echo "             LIST_WARMUP (unmeasured 50 MB downloads per contender and of the stub before round 1;"
    echo "             default 10, 3 with --quick)."
}

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --rounds) ROUNDS=$2; shift ;;
        --contenders) CONTENDERS=$2; shift ;;
        --keep) KEEP=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

if [ "$QUICK" = 1 ]; then
    ROUNDS=${ROUNDS:-1}; WARMUP=2s; DURATION=3s; LOAD_WARMUP=1s; FIRST_PASS=14s; LIST_WARMUP=${LIST_WARMUP:-3}
    MODERATE_RATE=${MODERATE_RATE_QUICK:-500}
else
    ROUNDS=${ROUNDS:-3}; WARMUP=10s; DURATION=20s; LOAD_WARMUP=5s; FIRST_PASS=30s; LIST_WARMUP=${LIST_WARMUP:-10}
fi
# The router's JVM: a fixed, modest heap (peak RSS is a reported figure), the parallel collector (no concurrent
# refinement threads taking CPU from 2 event loops on a small machine), and Netty's leak detector off as in
# production. C2 stays on: the router is judged at steady state, and warm-up time is reported separately.
ROUTER_JAVA_OPTS=${ROUTER_JAVA_OPTS:--Xms64m -Xmx192m -XX:+UseParallelGC -Dio.netty.leakDetection.level=disabled}
# as many event loops as nginx has worker processes (worker_processes auto: one per core)
ROUTER_WORKERS=${ROUTER_WORKERS:-$(nproc)}
IFS=, read -r -a CONTENDER_LIST <<< "$CONTENDERS"

WORK=$(mktemp -d /tmp/scim-compare.XXXXXX)
declare -a STARTED_PIDS=()
cleanup() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${STARTED_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [ "$KEEP" = 1 ]; then
        echo "kept work files in $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[compare] $*" >&2; }

# --- prerequisites -----------------------------------------------------------------------------------------------
needs_contender() { [[ ",$CONTENDERS," == *",$1,"* ]]; }

if [ ! -f "$BENCH_JAR" ]; then
    log "building the benchmarks jar"
    (cd "$ROOT" && mvn -B -ntp -q -pl benchmarks -am package -DskipTests)
fi
if { needs_contender legacy || needs_contender tenant; } && [ ! -f "$ROUTER_JAR" ]; then
    log "building the router jar"
    (cd "$ROOT" && mvn -B -ntp -q -pl proxy package -DskipTests)
fi
if ! command -v curl >/dev/null; then
    log "installing curl"
    apt-get update -qq && apt-get install -y -qq curl >/dev/null
fi
NGINX=""
if needs_contender nginx; then
    NGINX=$(command -v nginx || true)
    [ -z "$NGINX" ] && [ -x /usr/sbin/nginx ] && NGINX=/usr/sbin/nginx
    if [ -z "$NGINX" ]; then
        log "installing nginx (only the binary is used; the system service is never started by this script)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1 \
            || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
        NGINX=/usr/sbin/nginx
    fi
fi

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

STUB_PORT=$(free_port 18100)
# shellcheck disable=SC2086
java ${STUB_JAVA_OPTS:-} -jar "$BENCH_JAR" stub-backend --host 127.0.0.1 --port "$STUB_PORT" >"$WORK/stub.log" 2>&1 &
STUB_PID=$!
STARTED_PIDS+=("$STUB_PID")
wait_for_port "$STUB_PORT" "$STUB_PID" stub

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
    router_env=(SCIM_ROUTER_BACKEND_URL="http://127.0.0.1:$STUB_PORT" SCIM_ROUTER_SERVER_PORT="$ROUTER_PORT"
        SCIM_ROUTER_ADMIN_PORT=-1
        SCIM_ROUTER_TENANTS_STATIC="[{project: p1, environment: e1, tenants: [${tenant_keys}]}]")
    env "${router_env[@]}" java -jar "$ROUTER_JAR" --config "$config" --check >"$WORK/router-check.log" 2>&1 \
        || { log "the router rejects its configuration:"; cat "$WORK/router-check.log" >&2; exit 1; }
    # shellcheck disable=SC2086
    env "${router_env[@]}" java $ROUTER_JAVA_OPTS -jar "$ROUTER_JAR" --config "$config" >"$WORK/router.log" 2>&1 &
    ROUTER_PID=$!
    STARTED_PIDS+=("$ROUTER_PID")
    wait_for_port "$ROUTER_PORT" "$ROUTER_PID" router
fi

NGINX_PID=""
if needs_contender nginx; then
    NGINX_PORT=$(free_port 18500)
    prefix=$WORK/nginx
    mkdir -p "$prefix/logs" "$prefix/tmp"
    cat >"$prefix/nginx.conf" <<EOF
# written by compare.sh: the same job as the router's /v2/{tenant} route, done the nginx way
daemon off;
master_process on;
worker_processes auto;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $prefix/tmp/body;
    proxy_temp_path $prefix/tmp/proxy;
    fastcgi_temp_path $prefix/tmp/fastcgi;
    uwsgi_temp_path $prefix/tmp/uwsgi;
    scgi_temp_path $prefix/tmp/scgi;
    upstream scim_backend {
        server 127.0.0.1:$STUB_PORT;
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        # tenant-aware form: strip /v2/{tenant}, name the tenant in a header, rewrite URLs in bodies and Location
        location ~ "^/scim/v2/(?<project>[^/]+)/(?<env>[^/]+)/v2/(?<tenant>[A-Za-z0-9_-]{1,64})/(?<rest>.*)\$" {
            rewrite ^ /scim/v2/\$project/\$env/\$rest break;
            proxy_pass http://scim_backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Tenant-Id \$tenant;
            proxy_set_header Accept-Encoding "";
            proxy_max_temp_file_size 0;
            sub_filter_types application/scim+json;
            sub_filter_once off;
            sub_filter "/scim/v2/\$project/\$env/" "/scim/v2/\$project/\$env/v2/\$tenant/";
            proxy_redirect "~^(https?://[^/]+)/scim/v2/([^/]+)/([^/]+)/(.*)\$" "\$1/scim/v2/\$2/\$3/v2/\$tenant/\$4";
        }
        # legacy form: forwarded unchanged, client tenant header dropped
        location /scim/v2/ {
            proxy_pass http://scim_backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Tenant-Id "";
            proxy_max_temp_file_size 0;
        }
    }
}
EOF
    "$NGINX" -t -p "$prefix" -c "$prefix/nginx.conf" >"$WORK/nginx-check.log" 2>&1 \
        || { cat "$WORK/nginx-check.log" >&2; exit 1; }
    "$NGINX" -p "$prefix" -c "$prefix/nginx.conf" >"$WORK/nginx.log" 2>&1 &
    NGINX_PID=$!
    STARTED_PIDS+=("$NGINX_PID")
    wait_for_port "$NGINX_PORT" "$NGINX_PID" nginx
fi

# --- per contender -----------------------------------------------------------------------------------------------
base_url() {
    case "$1" in
        direct) echo "http://127.0.0.1:$STUB_PORT/scim/v2/p1/e1" ;;
        legacy|tenant) echo "http://127.0.0.1:$ROUTER_PORT/scim/v2/p1/e1" ;;
        nginx) echo "http://127.0.0.1:$NGINX_PORT/scim/v2/p1/e1" ;;
    esac
}
tenant_args() {
    case "$1" in
        tenant|nginx) echo "--tenants $TENANTS --tenant-prefix t" ;;
        *) echo "--tenants 0" ;;
    esac
}
list_url() {
    case "$1" in
        tenant|nginx) echo "$(base_url "$1")/v2/t1/Users?listBytes=$2" ;;
        *) echo "$(base_url "$1")/Users?listBytes=$2" ;;
    esac
}
# the processes that do the proxying (nginx: master and its workers)
proxy_pids() {
    case "$1" in
        legacy|tenant) echo "$ROUTER_PID" ;;
        nginx) echo "$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')" ;;
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
json_num() { grep -m1 -o "\"$2\" : [-0-9.eE+]*" "$1" | awk '{print $3}'; }

# --setup none: the stub's synthetic ids, no fixtures; --max-error-rate 100: errors are figures here, never an abort
LOAD_ARGS="--setup none --max-error-rate 100"
load() {
    # shellcheck disable=SC2086
    java ${LOAD_JAVA_OPTS:--Xmx512m} -jar "$BENCH_JAR" load --quiet $LOAD_ARGS --base-url "$(base_url "$1")" \
        $(tenant_args "$1") --scenario get-user "${@:2}" >>"$WORK/load.log" 2>&1
}

mkdir -p "$WORK/r" "$RESULTS"
put() { echo "$3" >"$WORK/r/$1.$2.$ROUND"; }
# the median of the numbers in a file (or - for stdin), one per line; "nan" and empty lines ignored
median_of() {
    grep -v -e nan -e '^$' "$1" 2>/dev/null | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "" } else if (NR % 2) { print v[(NR + 1) / 2] } else { print (v[NR / 2] + v[NR / 2 + 1]) / 2 } }' \
        || true
}

# one load run: warm-up then measurement in the same generator JVM; the generator samples the proxy's CPU itself at
# the edges of the measured window, so neither warm-up traffic nor the generator's start-up is counted
measure_throughput() {
    local c=$1 pids cpu_arg=() out=$WORK/r/$1.tput.$ROUND.json
    pids=$(proxy_pids "$c")
    # shellcheck disable=SC2086
    [ -n "$pids" ] && cpu_arg=(--cpu-of "$(echo $pids | tr ' ' ',')")
    load "$c" --rate 0 --connections "$CONNECTIONS" --warmup "$WARMUP" --duration "$DURATION" "${cpu_arg[@]}" \
        --out "$out"
    put "$c" rps "$(json_num "$out" throughput)"
    if [ -n "$pids" ]; then
        put "$c" cpu "$(awk -v s="$(json_num "$out" watchedCpuSeconds)" -v n="$(json_num "$out" completed)" \
            'BEGIN { if (n > 0 && s != "") printf "%.4f", s / n * 10000; else print "nan" }')"
    fi
}

measure_latency() {
    local c=$1 out=$WORK/r/$1.lat.$ROUND.json
    load "$c" --rate "$MODERATE_RATE" --connections "$CONNECTIONS" --warmup "$LOAD_WARMUP" --duration "$DURATION" \
        --out "$out"
    put "$c" p50 "$(json_num "$out" p50)"
    put "$c" p99 "$(json_num "$out" p99)"
    cp "$out" "$WORK/$c.latency.json"
}

# MB/s of one download of list size $2 from $1; nan, never a failure, when it fails or comes short (a list is
# within one user of its size, longer when rewritten), so one bad download neither aborts the run nor counts
download_mbps() {
    local figures
    figures=$(curl -fsS -o /dev/null --max-time 120 -w '%{size_download} %{time_total}' "$1") || figures=""
    awk -v want="$2" -v f="$figures" 'BEGIN { n = split(f, a, " ")
        if (n == 2 && a[1] >= 0.9 * want && a[2] > 0) printf "%.1f", a[1] / a[2] / 1e6; else printf "nan" }'
}

# $2 downloads of a 50 MB list from contender $1, one figure per line
downloads() {
    local i
    for i in $(seq 1 "$2"); do
        download_mbps "$(list_url "$1" "$LIST_BYTES")" "$LIST_BYTES"; echo
    done
}

# Round 1 first takes a 1 MB list (the RSS baseline), then LIST_WARMUP unmeasured 50 MB lists: a JVM compiles its
# large-body paths only after several such bodies on this small machine (the stub's own too, which is warmed the same
# way before round 1). Their first and last figures go into the header as the cold ramp. Then, in every round,
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
    # shellcheck disable=SC2086
    [ -n "$pids" ] && put "$c" rss "$(peak_rss_kb $pids)"
    return 0
}

log "contenders: ${CONTENDER_LIST[*]}; rounds: $ROUNDS; warm-up $WARMUP, measured $DURATION per run; work dir $WORK"

# each tenant-aware contender must really do the job: the tenant in meta.location and in Location; the result goes
# into the report, so a table measured while the router forwarded bodies untouched says so
declare -A REWRITES=()
declare -A V_WARMUP=()
for c in "${CONTENDER_LIST[@]}"; do
    case "$c" in tenant|nginx) ;; *) continue ;; esac
    body=$(curl -sS --max-time 10 "$(base_url "$c")/v2/t1/Users/u-1" || true)
    location=$(curl -sS --max-time 10 -o /dev/null -D - -X POST -H 'Content-Type: application/scim+json' \
        --data '{"userName":"check"}' "$(base_url "$c")/v2/t1/Users" | tr -d '\r' | awk 'tolower($1) == "location:" {print $2}' || true)
    if [[ "$body" != *"/scim/v2/p1/e1/v2/t1/Users/u-1"* ]] || [[ "$location" != *"/v2/t1/Users/"* ]]; then
        log "WARNING: $c does not rewrite URLs as expected (meta.location or Location lacks /v2/t1/)"
        REWRITES[$c]="NO (meta.location $([[ "$body" == *"/v2/t1/Users/u-1"* ]] && echo rewritten || echo untouched), Location $([[ "$location" == *"/v2/t1/"* ]] && echo rewritten || echo untouched))"
    else
        REWRITES[$c]="yes"
    fi
done

# One pass over every contender first, so that no one meets a cold stub (JIT) in round 1. Its per-second progress
# gives the warm-up figure: seconds of traffic until the 3-second average first reached 80 % of the pass's last
# 10 seconds. The generator's own JVM is cold in every pass, so nginx's figure is the floor; the router is cold in
# the first router contender's pass only (the second finds it warm).
warmup_seconds() {
    grep -o '^ *[0-9.]*s *[0-9.]* req/s' "$1" | awk '{ sub("s", "", $1); t[NR] = $1; r[NR] = $2 } END {
        if (NR < 13) { print ""; exit }
        for (i = NR - 9; i <= NR; i++) final += r[i]; final /= 10
        for (i = 3; i <= NR; i++) if ((r[i] + r[i - 1] + r[i - 2]) / 3 >= 0.8 * final) { printf "%.0f", t[i]; exit }
        print "" }'
}
for c in "${CONTENDER_LIST[@]}"; do
    log "first pass over $c ($FIRST_PASS)"
    # shellcheck disable=SC2046
    java ${LOAD_JAVA_OPTS:--Xmx512m} -jar "$BENCH_JAR" load $LOAD_ARGS --base-url "$(base_url "$c")" \
        $(tenant_args "$c") --scenario get-user --rate 0 --connections "$CONNECTIONS" --duration "$FIRST_PASS" \
        >>"$WORK/load.log" 2>"$WORK/$c.first-pass.log"
    V_WARMUP[$c]=$(warmup_seconds "$WORK/$c.first-pass.log")
done
for ROUND in $(seq 1 "$ROUNDS"); do
    for c in "${CONTENDER_LIST[@]}"; do log "round $ROUND: $c throughput"; measure_throughput "$c"; done
    for c in "${CONTENDER_LIST[@]}"; do log "round $ROUND: $c latency at $MODERATE_RATE req/s"; measure_latency "$c"; done
    if [ "$ROUND" = 1 ]; then
        log "warming the stub's 50 MB list ($LIST_WARMUP downloads)"; downloads direct "$LIST_WARMUP" >/dev/null
    fi
    for c in "${CONTENDER_LIST[@]}"; do log "round $ROUND: $c 50 MB list"; measure_large_list "$c"; done
done

# --- report ------------------------------------------------------------------------------------------------------
# median over rounds; peak RSS is the maximum
median() { cat "$WORK/r/$1.$2".* 2>/dev/null | median_of - || true; }
maximum() { cat "$WORK/r/$1.$2".* 2>/dev/null | sort -g | tail -1 || true; }
fmt() { [ -z "$1" ] && echo "–" || awk -v v="$1" -v f="$2" 'BEGIN { printf f, v }'; }
ratio() { { [ -z "$1" ] || [ -z "$2" ]; } && echo "–" || awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "–"; else printf "%.2f", a / b }'; }

declare -A V
for c in "${CONTENDER_LIST[@]}"; do
    V[$c.rps]=$(median "$c" rps); V[$c.p50]=$(median "$c" p50); V[$c.p99]=$(median "$c" p99)
    V[$c.cpu]=$(median "$c" cpu); V[$c.mbps]=$(median "$c" mbps); V[$c.mbpscold]=$(median "$c" mbpscold)
    V[$c.mbpswarmed]=$(median "$c" mbpswarmed)
    rss=$(maximum "$c" rss); V[$c.rss]=$([ -n "$rss" ] && awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }' || echo "")
    rss1=$(maximum "$c" rss1mb); V[$c.rssgrowth]=$([ -n "$rss1" ] && [ -n "$rss" ] \
        && awk -v a="$rss1" -v b="$rss" 'BEGIN { printf "%.1f", (b - a) / 1024 }' || echo "")
done
get() { echo "${V[$1.$2]:-}"; }

TABLE=$WORK/table.md
{
    echo "| contender | req/s | ×nginx | ×direct | p50 ms | p99 ms | added p50 ms | CPU s / 10k req | ×nginx | peak RSS MB | RSS growth 1→50 MB list, MB | 50 MB list MB/s | ×nginx | ×direct |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for c in "${CONTENDER_LIST[@]}"; do
        added=""
        [ -n "$(get "$c" p50)" ] && [ -n "$(get direct p50)" ] \
            && added=$(awk -v a="$(get "$c" p50)" -v b="$(get direct p50)" 'BEGIN { printf "%.3f", a - b }')
        echo "| $c | $(fmt "$(get "$c" rps)" %.0f) | $(ratio "$(get "$c" rps)" "$(get nginx rps)") |" \
            "$(ratio "$(get "$c" rps)" "$(get direct rps)") | $(fmt "$(get "$c" p50)" %.3f) |" \
            "$(fmt "$(get "$c" p99)" %.3f) | $(fmt "$added" %.3f) | $(fmt "$(get "$c" cpu)" %.3f) |" \
            "$(ratio "$(get "$c" cpu)" "$(get nginx cpu)") | $(fmt "$(get "$c" rss)" %.1f) |" \
            "$(fmt "$(get "$c" rssgrowth)" %.1f) | $(fmt "$(get "$c" mbps)" %.1f) |" \
            "$(ratio "$(get "$c" mbps)" "$(get nginx mbps)") | $(ratio "$(get "$c" mbps)" "$(get direct mbps)") |"
    done
} >"$TABLE"

{
    echo "# scim-tenant-router: comparison"
    echo
    echo "Produced by \`benchmarks/compare.sh$([ "$QUICK" = 1 ] && echo " --quick")\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
    echo "Machine: $(nproc) cores, load average before the report: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "Rounds: $ROUNDS (medians shown; peak RSS is the maximum), contenders interleaved in each round."
    echo "Throughput: closed loop, $CONNECTIONS connections, ${DURATION} after a ${WARMUP} warm-up, GET one user."
    echo "Latency: open loop at $MODERATE_RATE req/s, $CONNECTIONS connections, ${DURATION} after a ${LOAD_WARMUP} warm-up;"
    echo "measured from each request's intended start."
    echo "tenant and nginx spread requests over $TENANTS tenants (/v2/t1 .. /v2/t$TENANTS)."
    for c in "${!REWRITES[@]}"; do
        echo "URL rewrite checked before measuring, $c: ${REWRITES[$c]}."
    done
    line="Warm-up (first $FIRST_PASS of traffic, closed loop; seconds until the 3 s average reached 80 % of the last 10 s):"
    for c in "${CONTENDER_LIST[@]}"; do line="$line $c ${V_WARMUP[$c]:-?} s,"; done
    echo "${line%,}. The generator starts cold in every pass; the router is cold only in the first router pass."
    line="50 MB list: the median of $LIST_REPEATS downloads per round, after $LIST_WARMUP unmeasured ones per contender"
    line="$line in round 1 (the stub warmed alike before them); the first and the last of those, in MB/s:"
    for c in "${CONTENDER_LIST[@]}"; do
        line="$line $c $(fmt "$(get "$c" mbpscold)" %.0f) → $(fmt "$(get "$c" mbpswarmed)" %.0f),"
    done
    echo "${line%,}."
    echo "Router JVM: \`$ROUTER_JAVA_OPTS\`, $ROUTER_WORKERS event loops; nginx: worker_processes auto."
    echo
    cat "$TABLE"
    echo
    echo "![latency percentiles](latest.svg)"
} >"$RESULTS/latest.md"

charts=()
for c in "${CONTENDER_LIST[@]}"; do
    [ -f "$WORK/$c.latency.json" ] && charts+=("$c=$WORK/$c.latency.json")
done
if [ ${#charts[@]} -gt 0 ]; then
    java -jar "$BENCH_JAR" chart --out "$RESULTS/latest.svg" \
        --title "GET user at $MODERATE_RATE req/s, $CONNECTIONS connections (last round)" "${charts[@]}"
fi

cat "$RESULTS/latest.md"
