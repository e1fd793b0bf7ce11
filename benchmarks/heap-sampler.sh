#!/usr/bin/env bash
# Samples a running JVM (the router under a soak) every INTERVAL seconds until it exits: RSS, the heap's
# generations and GC counts (jstat -gc, KB) and, when the JVM runs with -XX:NativeMemoryTracking=summary, the
# committed memory native memory tracking reports (KB). One tab-separated line per sample, so that RSS growth can be
# told apart: old-generation pages touched for the first time, code cache, metaspace, or memory outside the JVM's
# accounting (direct buffers show under "Other").
#
#   benchmarks/heap-sampler.sh PID [INTERVAL] > samples.tsv
set -u
pid=${1:?usage: heap-sampler.sh PID [INTERVAL]}
interval=${2:-60}
nmt_kb() { # category name: its committed KB from the summary in $nmt
    echo "$nmt" | grep -m1 "^-  *$1 " | sed 's/.*committed=\([0-9]*\)KB.*/\1/'
}
printf 'time\trss_kb\teden_used\told_capacity\told_used\tmetaspace_used\tyoung_gcs\tfull_gcs'
printf '\tnmt_total\tnmt_heap\tnmt_code\tnmt_class\tnmt_thread\tnmt_other\n'
while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status" 2>/dev/null)
    # jstat -gc columns: S0C S1C S0U S1U EC EU OC OU MC MU CCSC CCSU YGC YGCT FGC FGCT ...
    read -r -a gc < <(jstat -gc "$pid" 2>/dev/null | tail -1)
    nmt=$(jcmd "$pid" VM.native_memory summary 2>/dev/null)
    total=$(echo "$nmt" | grep -m1 '^Total' | sed 's/.*committed=\([0-9]*\)KB.*/\1/')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$(date -u +%H:%M:%S)" "$rss" "${gc[5]:-}" "${gc[6]:-}" "${gc[7]:-}" \
        "${gc[9]:-}" "${gc[12]:-}" "${gc[14]:-}"
    printf '\t%s\t%s\t%s\t%s\t%s\t%s\n' "$total" "$(nmt_kb 'Java Heap')" "$(nmt_kb Code)" "$(nmt_kb Class)" \
        "$(nmt_kb Thread)" "$(nmt_kb Other)"
    sleep "$interval"
done
