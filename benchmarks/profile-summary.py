#!/usr/bin/env python3
"""Summary of one profile.sh window: allocated bytes and system calls per request, hottest frames and allocation sites.

Input: `jfr print --json` of jdk.ThreadAllocationStatistics, jdk.ExecutionSample and jdk.ObjectAllocationSample, the
request count of that window, and `strace -c -f` output with the request count of its own window; optionally
async-profiler's collapsed stacks (option threads: each stack starts with its thread) of a window of its own.
"""
import argparse
import collections
import json
import re


def frame_name(frame):
    method = frame["method"]
    return f'{method["type"]["name"]}.{method["name"]}'


def top(counter, total, n, unit):
    for name, value in counter.most_common(n):
        print(f"| {100.0 * value / total:5.1f} % | {value:,.0f} {unit} | `{name}` |" if unit else
              f"| {100.0 * value / total:5.1f} % | `{name}` |")


# libc's system call wrappers as async-profiler names them (without perf events it sees no kernel frames)
SYSCALL = re.compile(r"^(__GI_+|__libc_)?(read|write|writev|readv|send|sendto|sendmsg|recv|recvfrom|recvmsg|"
                     r"epoll_\w+|accept4?|close|futex|__futex\w*|syscall)$")


def native_summary(path, thread_prefix, n):
    """Self time of the event loops' threads by frame, and how it splits into system calls, JVM and Java code."""
    self_frames, kinds = collections.Counter(), collections.Counter()
    with open(path) as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            frames = stack.split(";")
            if not frames[0].startswith("[" + thread_prefix):
                continue
            leaf, weight = frames[-1], int(count)
            self_frames[leaf] += weight
            kinds["system calls" if SYSCALL.match(leaf) else "Java" if "/" in leaf else "JVM and native"] += weight
    total = sum(self_frames.values())
    if not total:
        print(f"\nasync-profiler: no samples on threads {thread_prefix}*")
        return
    print(f"\nEvent loops' time by kind (async-profiler, CPU timer, {total} samples): "
          + ", ".join(f"{kind} {100.0 * v / total:.1f} %" for kind, v in kinds.most_common()))
    print("\nTop frames, self, Java and native:\n\n| share | frame |\n| ---: | --- |")
    top(self_frames, total, n, "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jfr-json", required=True)
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--strace", required=True)
    parser.add_argument("--strace-requests", type=int, required=True)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--collapsed", help="async-profiler collapsed stacks, with threads")
    parser.add_argument("--threads", default="router-io", help="thread name prefix of the event loops")
    args = parser.parse_args()

    with open(args.jfr_json) as f:
        events = json.load(f)["recording"]["events"]
    allocated = collections.defaultdict(list)  # thread -> cumulative totals in time order
    self_frames, incl_frames, alloc_sites, alloc_classes = (collections.Counter() for _ in range(4))
    samples = 0
    sampled_bytes = 0
    for event in events:
        kind, values = event["type"], event["values"]
        if kind == "jdk.ThreadAllocationStatistics":
            thread = values.get("thread") or {}
            allocated[thread.get("javaName") or thread.get("osName")].append(values["allocated"])
        elif kind == "jdk.ExecutionSample":
            frames = (values.get("stackTrace") or {}).get("frames") or []
            if not frames:
                continue
            samples += 1
            self_frames[frame_name(frames[0])] += 1
            for name in {frame_name(fr) for fr in frames}:
                incl_frames[name] += 1
        elif kind == "jdk.ObjectAllocationSample":
            weight = values["weight"]
            sampled_bytes += weight
            alloc_classes[values["objectClass"]["name"]] += weight
            frames = (values.get("stackTrace") or {}).get("frames") or []
            site = next((frame_name(fr) for fr in frames if not frame_name(fr).startswith(("java/", "jdk/", "sun/"))),
                        frame_name(frames[0]) if frames else "?")
            alloc_sites[site] += weight

    total = sum(max(v) - min(v) for v in allocated.values() if v)
    requests = max(args.requests, 1)
    print(f"\nRequests in the JFR window: {args.requests}; allocated (all threads, JFR per-thread totals): "
          f"{total / requests:,.0f} bytes per request")
    busiest = sorted(((max(v) - min(v), t) for t, v in allocated.items() if v), reverse=True)[:4]
    print("By thread: " + ", ".join(f"{t} {b / requests:,.0f} B/req" for b, t in busiest))

    calls = {}
    with open(args.strace) as f:
        for line in f:
            m = re.match(r"\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)\s*$", line)
            if m and m.group(2) != "total":
                calls[m.group(2)] = int(m.group(1))
    sreq = max(args.strace_requests, 1)
    print(f"\nSystem calls per request (strace -c, {args.strace_requests} requests): "
          f"{sum(calls.values()) / sreq:.2f} in all; "
          + ", ".join(f"{name} {n / sreq:.3f}" for name, n in sorted(calls.items(), key=lambda kv: -kv[1])
                      if n / sreq >= 0.005))

    if samples:
        print(f"\nTop frames, self ({samples} execution samples):\n\n| share | frame |\n| ---: | --- |")
        top(self_frames, samples, args.top, "")
        print("\nTop frames, inclusive (router and Netty code):\n\n| share | frame |\n| ---: | --- |")
        filtered = collections.Counter({k: v for k, v in incl_frames.items()
                                        if k.startswith(("io/scimrouter", "io/netty/handler", "io/micrometer",
                                                                     "ch/qos/logback"))})
        top(filtered, samples, args.top, "")
    if sampled_bytes:
        print(f"\nAllocation by first non-JDK frame (sampled weights, {sampled_bytes / requests:,.0f} B/req):\n\n"
              "| share | bytes | site |\n| ---: | ---: | --- |")
        top(alloc_sites, sampled_bytes, args.top, "B")
        print("\nAllocation by class:\n\n| share | bytes | class |\n| ---: | ---: | --- |")
        top(alloc_classes, sampled_bytes, args.top, "B")
    if args.collapsed:
        native_summary(args.collapsed, args.threads, args.top)


if __name__ == "__main__":
    main()
