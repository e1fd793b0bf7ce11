#!/usr/bin/env bash
# Soak: the router jar in front of the stub backend, N keep-alive connections at a moderate open-loop rate for a
# duration, the router's RSS and CPU sampled over time (load --watch). A soak checks stability (no errors, memory
# flat after warm-up), not speed: keep the rate moderate. Every process started here is stopped by its PID on exit.
#
#   benchmarks/soak.sh                                   # 1000 connections, 500 req/s, 60 s warm-up + 10 min
#   CONNECTIONS=200 RATE=200 DURATION=2m benchmarks/soak.sh
#
# Results: $RESULTS_DIR/soak-<time>.txt (the load report and the soak summary) and .csv (the time series).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONNECTIONS=${CONNECTIONS:-1000}
RATE=${RATE:-500}
WARMUP=${WARMUP:-60s}
DURATION=${DURATION:-10m}
SAMPLE_EVERY=${SAMPLE_EVERY:-10s}
SCENARIO=${SCENARIO:-provisioning-mix}
RESULTS_DIR=${RESULTS_DIR:-$ROOT/benchmarks/results}
# the JVM options the project ships (bin/scim-tenant-router, read by bench-lib.sh), unless ROUTER_JAVA_OPTS is set
# shellcheck source=benchmarks/bench-lib.sh
source "$ROOT/benchmarks/bench-lib.sh"
ROUTER_JAVA_OPTS=${ROUTER_JAVA_OPTS:-$(launcher_java_opts)}
ROUTER_JAR=$ROOT/proxy/target/scim-tenant-router.jar
BENCH_JAR=$ROOT/benchmarks/target/scim-router-bench.jar

# the generator holds CONNECTIONS sockets, the router twice as many (clients and backend): raise the soft limit
needed=$((CONNECTIONS * 2 + 1024))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$needed" ]; then
    ulimit -n "$needed" 2>/dev/null || { echo "soak: ulimit -n is $(ulimit -n), need $needed (raise the hard limit)" >&2; exit 2; }
fi
if [ ! -f "$ROUTER_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
    (cd "$ROOT" && mvn -B -ntp -q -DskipTests package)
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

wait_for() { # port
    for _ in $(seq 1 200); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.2
    done
    echo "soak: nothing listens on port $1" >&2
    exit 2
}

mkdir -p "$RESULTS_DIR"
stamp=$(date -u +%Y%m%d-%H%M%S)
work=$(mktemp -d)
BACKEND_PORT=$(free_port)
ROUTER_PORT=$(free_port)

java -Xmx256m -jar "$BENCH_JAR" stub-backend --host 127.0.0.1 --port "$BACKEND_PORT" > "$work/stub.log" 2>&1 &
PIDS+=($!)
wait_for "$BACKEND_PORT"

# shellcheck disable=SC2086
SCIM_ROUTER_BACKEND_URL="http://127.0.0.1:$BACKEND_PORT" SCIM_ROUTER_SERVER_PORT="$ROUTER_PORT" \
    SCIM_ROUTER_ADMIN_PORT=-1 \
    SCIM_ROUTER_TENANTS_STATIC="[{project: p1, environment: e1, tenants: [t1, t2, t3, t4]}]" \
    java $ROUTER_JAVA_OPTS -jar "$ROUTER_JAR" > "$work/router.log" 2>&1 &
ROUTER_PID=$!
PIDS+=("$ROUTER_PID")
wait_for "$ROUTER_PORT"

echo "soak: router pid $ROUTER_PID on $ROUTER_PORT, stub backend on $BACKEND_PORT; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee "$RESULTS_DIR/soak-$stamp.txt"
set +e
java -Xmx512m -jar "$BENCH_JAR" load --base-url "http://127.0.0.1:$ROUTER_PORT/scim/v2/p1/e1" \
    --tenant t1 --tenant t2 --tenant t3 --tenant t4 --setup none --scenario "$SCENARIO" \
    --connections "$CONNECTIONS" --rate "$RATE" --warmup "$WARMUP" --duration "$DURATION" \
    --watch "$ROUTER_PID" --sample-every "$SAMPLE_EVERY" --series "$RESULTS_DIR/soak-$stamp.csv" \
    --max-error-rate 0 --cpu-of "$ROUTER_PID" --quiet | tee -a "$RESULTS_DIR/soak-$stamp.txt"
status=${PIPESTATUS[0]}
set -e
echo "soak: load average after: $(cut -d' ' -f1-3 /proc/loadavg); router log: $(grep -c WARN "$work/router.log") WARN lines" \
    | tee -a "$RESULTS_DIR/soak-$stamp.txt"
exit "$status"
