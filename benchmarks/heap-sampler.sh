#!/usr/bin/env bash
# Samples a running JVM (the router under a soak) every INTERVAL seconds until it exits, so that RSS growth can be
# told apart: old-generation pages touched for the first time, code cache, metaspace, or memory outside the heap.
# One tab-separated line per sample: the UTC time, VmRSS (KB), from `jstat -gc` the survivor spaces', eden's and the
# old generation's use, the old generation's capacity and metaspace's use (KB) and the young and full collection
# counts, then, when the JVM runs with -XX:NativeMemoryTracking=summary, what native memory tracking reports
# committed (KB): the total, Other (direct buffers), Java Heap, Code, Class, Thread, GC, Internal.
# Each sample starts jstat and jcmd (two short JVMs); jcmd's first attach starts the Attach Listener thread in the
# sampled JVM, a one-time step of its RSS.
#
#   benchmarks/heap-sampler.sh PID [INTERVAL] > samples.tsv
set -u
pid=${1:?usage: heap-sampler.sh PID [INTERVAL]}
interval=${2:-60}
case $interval in
    '' | *[!0-9]* | 0) echo "heap-sampler: INTERVAL must be a whole number of seconds, not '$interval'" >&2; exit 2 ;;
esac
committed_kb() { # $1: the summary, $2: a category name (or "Total"): its committed KB
    echo "$1" | grep -m1 -E "^(-  *)?$2[ :]" | sed 's/.*committed=\([0-9]*\)KB.*/\1/'
}
printf 'time\trss_kb\tS0U\tS1U\tEU\tOC\tOU\tMU\tYGC\tFGC\tnmt_committed_kb\tnmt_other_kb\tnmt_heap_kb'
printf '\tnmt_code_kb\tnmt_class_kb\tnmt_thread_kb\tnmt_gc_kb\tnmt_internal_kb\n'
while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status" 2>/dev/null)
    # jstat -gc (JDK 17): S0C S1C S0U S1U EC EU OC OU MC MU CCSC CCSU YGC YGCT FGC FGCT CGC CGCT GCT
    read -r -a gc < <(jstat -gc "$pid" 2>/dev/null | tail -1)
    nmt=$(jcmd "$pid" VM.native_memory summary 2>/dev/null)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$(date -u +%Y-%m-%dT%H:%M:%S)" "$rss" "${gc[2]:-}" "${gc[3]:-}" \
        "${gc[5]:-}" "${gc[6]:-}" "${gc[7]:-}" "${gc[9]:-}" "${gc[12]:-}" "${gc[14]:-}"
    for category in Total Other 'Java Heap' Code Class Thread GC Internal; do
        printf '\t%s' "$(committed_kb "$nmt" "$category")"
    done
    printf '\n'
    sleep "$interval"
done
