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

# The router's JVM options: by default those the launcher bin/scim-tenant-router ships for production (read from it
# after bench-lib.sh is sourced); the router's peak RSS is reported with these.
ROUTER_JAVA_OPTS=${ROUTER_JAVA_OPTS:-}

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
    echo "             default 40, 3 with --quick)."
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
    ROUNDS=${ROUNDS:-3}; WARMUP=10; DURATION=20; LOAD_WARMUP=5; FIRST_PASS=30; LIST_WARMUP=${LIST_WARMUP:-40}
fi
# as many event loops (router) and threads (HAProxy) as nginx has worker processes (worker_processes auto)
ROUTER_WORKERS=${ROUTER_WORKERS:-$(nproc)}
PROXY_THREADS=$(nproc)
IFS=, read -r -a CONTENDER_LIST <<< "$CONTENDERS"
for c in "${CONTENDER_LIST[@]}"; do
    case "$c" in direct|legacy|tenant|nginx|haproxy) ;; *) echo "unknown contender: $c" >&2; exit 2 ;; esac
done

BENCH_NAME=compare
# shellcheck source=benchmarks/bench-lib.sh
source "$ROOT/benchmarks/bench-lib.sh"
[ -n "$ROUTER_JAVA_OPTS" ] || ROUTER_JAVA_OPTS=$(launcher_java_opts)
bench_init

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
binary CURL curl curl
binary WRK wrk wrk
binary H2LOAD h2load nghttp2-client
NGINX=""
if [ "$BACKEND" = static ] || needs_contender nginx; then
    binary NGINX nginx nginx-light nginx
fi
HAPROXY=""
needs_contender haproxy && binary HAPROXY haproxy haproxy

BACKEND_PID=""
if [ "$BACKEND" = static ]; then
    start_static_backend
else
    BACKEND_PORT=$(free_port 18100)
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
    config=${ROUTER_CONFIG:-$(config_dir router)/router.yaml}
    if [ -z "${ROUTER_CONFIG:-}" ]; then write_router_config "$config" "$ROUTER_WORKERS"; fi
    start_router router "$ROUTER_JAR" "$config" "$ROUTER_JAVA_OPTS"
    ROUTER_PID=$STARTED_ROUTER
    ROUTER_PORT=$STARTED_ROUTER_PORT
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

mkdir -p "$WORK/r" "$RESULTS"
put() { echo "$3" >"$WORK/r/$1.$2.$ROUND"; }

# One wrk run of $2 seconds against contender $1 (GET one user); see wrk_closed_loop
wrk_run() {
    # shellcheck disable=SC2046
    wrk_closed_loop "$1" "$(origin "$1")" "$2" $(user_paths "$1")
}
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
        put "$c" cpu "$(cpu_per_10k $((after - before)) "$requests")"
    fi
}

# Open loop at MODERATE_RATE (h2load_open_loop) for LOAD_WARMUP + DURATION seconds: p50 and p99 of its log without
# the first LOAD_WARMUP seconds, and the proxy's CPU per request over the whole run.
measure_latency() {
    local c=$1 log=$WORK/$1.h2load.log uris=() path figures pids before after
    for path in $(user_paths "$c"); do uris+=("$(origin "$c")$path"); done
    pids=$(proxy_pids "$c")
    # shellcheck disable=SC2086
    before=$(cpu_ticks $pids)
    h2load_open_loop "$log" "$MODERATE_RATE" $((LOAD_WARMUP + DURATION)) "${uris[@]}"
    # shellcheck disable=SC2086
    after=$(cpu_ticks $pids)
    [ "$TOOL_RC" != 0 ] && failed "$c: h2load exited with $TOOL_RC"
    put "$c" h2loadcpu "$(awk -v s="$TOOL_CPU" -v t=$((LOAD_WARMUP + DURATION)) 'BEGIN { printf "%.1f", s / t * 100 }')"
    figures=$(latency_figures "$log" "$LOAD_WARMUP" "$WORK/$c.latency.json")
    read -r p50 p99 count errors <<<"$figures"
    if [ "$TOOL_RC" != 0 ] || [ "$errors" != 0 ] || [ "$count" = 0 ] \
        || [ "$H2LOAD_ANSWERED" != "$H2LOAD_REQUESTS" ]; then
        [ "$errors" != 0 ] && failed "$c: $errors of $((count + errors)) requests at $MODERATE_RATE req/s failed"
        [ "$H2LOAD_ANSWERED" != "$H2LOAD_REQUESTS" ] \
            && failed "$c: $H2LOAD_ANSWERED of $H2LOAD_REQUESTS requests at $MODERATE_RATE req/s answered 2xx"
        put "$c" p50 nan; put "$c" p99 nan; rm -f "$WORK/$c.latency.json"
        [ -n "$pids" ] && put "$c" cpurate nan
        return 0
    fi
    put "$c" p50 "$p50"
    put "$c" p99 "$p99"
    # the proxy's CPU per request at this rate, over the whole h2load run (every request answered 2xx): well below
    # saturation a request finds cold caches and sleeping threads, and its CPU is on the path of its latency
    if [ -n "$pids" ]; then
        put "$c" cpurate "$(cpu_us_per_request $((after - before)) "$H2LOAD_ANSWERED")"
    fi
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
# same way before round 1). The router's rewriter settles after about 40 lists: its CPU per list fell 170, 112, 98,
# 92 ms over four batches of 10 (C2 recompiling the scanner as rarer branches turn up). Their first and last figures
# go into the header as the cold ramp. Then, in every round, LIST_REPEATS downloads of 50 MB, whose median is the
# round's figure.
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
    for f in rps p50 p99 cpu cpurate mbps mbpscold mbpswarmed wrkcpu h2loadcpu; do V[$c.$f]=$(median "$c" $f); done
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
    # no numeric round at all must give "nan", not end the script (set -e) before the report is written
    tr ' ' '\n' <<<"$values" | { grep -E '^-?[0-9.]+$' || true; } | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 }
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
    line="CPU per request during the latency run (the proxy process(es) over the whole h2load run), µs:"
    for c in "${CONTENDER_LIST[@]}"; do
        [ -n "$(get "$c" cpurate)" ] || continue
        line="$line $c $(fmt "$(get "$c" cpurate)" %.1f)"
        [ "$c" != nginx ] && needs_contender nginx && line="$line ($(ratio "$(get "$c" cpurate)" "$(get nginx cpurate)")× nginx)"
        line="$line,"
    done
    [[ "$line" == *, ]] && echo "${line%,}."
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
            line="$line CPU $(spread "$c" cpu nginx), CPU at $MODERATE_RATE req/s $(spread "$c" cpurate nginx),"
            line="$line 50 MB MB/s $(spread "$c" mbps nginx);"
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
