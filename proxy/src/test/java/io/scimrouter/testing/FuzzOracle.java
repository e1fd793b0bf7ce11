package io.scimrouter.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the HTTP fuzzers check for each case, and what they count. A backend request must be strict HTTP/1.1 and carry
 * exactly the router's tenant header: none toward the legacy backend, one toward the tenant-aware backend, named as
 * configured, with a tenant the router resolved, never a client's (not even spelled with '_' or in another case).
 * What a client receives must be a sequence of well-formed answers, every answer of the router's own (the backends
 * only answer 200) a SCIM error, then either nothing or, when the router closed, at most an answer cut short; once
 * time has run past every timeout the router must have closed the connection.
 */
public final class FuzzOracle {
    private static final String TENANT_HEADER = "X-Tenant-Id";

    private final AtomicInteger cases = new AtomicInteger();
    private final AtomicInteger closedWithoutAnswer = new AtomicInteger();
    private final AtomicInteger cut = new AtomicInteger();
    private final AtomicInteger keptOpen = new AtomicInteger();
    private final AtomicLong backendRequests = new AtomicLong();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger cutRequests = new AtomicInteger();
    private final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The first few cases of the rarer outcomes, to look at after a run. */
    private final Map<String, List<String>> examples = new ConcurrentHashMap<>();

    /** A request that reached a backend; {@code tenantAware}: the backend behind the /v2 forms. */
    public void backendRequest(StrictHttp1.Message request, boolean tenantAware, String where) {
        backendRequests.incrementAndGet();
        List<String> tenantFields = request.lookalikes(TENANT_HEADER);
        if (!tenantAware) {
            if (!tenantFields.isEmpty()) {
                problems.add(where + ": a legacy request carries " + tenantFields);
            }
            return;
        }
        if (tenantFields.size() != 1 || !tenantFields.get(0).startsWith(TENANT_HEADER + ": ")
                || !HttpMutator.ROUTER_TENANTS.contains(request.value(TENANT_HEADER))) {
            problems.add(where + ": a /v2 request carries " + tenantFields + " instead of the router's one");
        }
    }

    /**
     * A backend connection ended the case holding part of a request (the client stopped sending a streamed body):
     * the router must have closed it, so that the backend cannot take the part for a whole.
     */
    public void backendLeftWithPartOfARequest(boolean closed, String where) {
        cutRequests.incrementAndGet();
        if (!closed) {
            problems.add(where + ": a backend connection holding part of a request was left open");
        }
    }

    /** Bytes a backend received that are not strict HTTP/1.1. */
    public void backendViolation(String what) {
        problems.add("backend got: " + what);
    }

    /**
     * Checks the bytes a client received for one case and counts its answers.
     *
     * @param closed the router closed the connection after them
     */
    public void clientReceived(HttpMutator.Case c, byte[] out, boolean closed) {
        cases.incrementAndGet();
        int pos = 0;
        int answers = 0;
        while (pos < out.length) {
            StrictHttp1.Message answer;
            try {
                answer = StrictHttp1.response(out, pos, false, closed);
            } catch (StrictHttp1.Violation v) {
                problems.add(c.describe() + "\n    -> the client got a malformed answer: " + v.getMessage()
                        + ": " + new String(out, pos, out.length - pos, StandardCharsets.ISO_8859_1));
                return;
            }
            if (answer == null) {
                if (closed) {
                    cut.incrementAndGet();
                } else {
                    problems.add(c.describe() + "\n    -> an unfinished answer on an open connection: "
                            + new String(out, pos, out.length - pos, StandardCharsets.ISO_8859_1));
                }
                return;
            }
            pos += answer.length();
            if (answer.status() / 100 == 1) {
                continue;
            }
            answers++;
            statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
            if (answer.status() >= 400) {
                String problem = scimErrorProblem(answer);
                if (problem != null) {
                    problems.add(c.describe() + "\n    -> " + problem);
                }
            }
        }
        if (answers == 0 && closed) {
            closedWithoutAnswer.incrementAndGet();
            example(c.bytes().length == 0 ? "closed without an answer, nothing sent" : "closed without an answer", c);
        }
        if (!closed) {
            // the harness ran time past every timeout: an open connection here is one the router forgot
            keptOpen.incrementAndGet();
            problems.add(c.describe() + "\n    -> the connection is still open after every timeout");
        }
    }

    private void example(String kind, HttpMutator.Case c) {
        List<String> some = examples.computeIfAbsent(kind, k -> new java.util.concurrent.CopyOnWriteArrayList<>());
        if (some.size() < 3) {
            some.add(c.describe());
        }
    }

    /** Up to three cases of each rarer outcome (closed without an answer), one per line. */
    public String examples() {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(examples).forEach((kind, cases) -> cases.forEach(
                c -> out.append("  ").append(kind).append(": ").append(c).append('\n')));
        return out.toString();
    }

    private static String scimErrorProblem(StrictHttp1.Message answer) {
        String type = answer.value("Content-Type");
        if (type == null || !type.split(";")[0].trim().equals("application/scim+json")) {
            return "a " + answer.status() + " that is no SCIM error (Content-Type " + type + ")";
        }
        try {
            JsonNode json = ScimHttp.JSON.readTree(answer.body());
            boolean ok = json.path("schemas").path(0).asText().equals(ScimHttp.ERROR_SCHEMA)
                    && json.path("status").isTextual()
                    && json.path("status").asText().equals(String.valueOf(answer.status()));
            return ok ? null : "a " + answer.status() + " with a wrong SCIM error body: " + answer.bodyText();
        } catch (IOException e) {
            return "a " + answer.status() + " whose body is not JSON: " + answer.bodyText();
        }
    }

    public List<String> problems() {
        return problems;
    }

    public int cases() {
        return cases.get();
    }

    public long backendRequests() {
        return backendRequests.get();
    }

    public int answered(int status) {
        AtomicInteger n = statuses.get(status);
        return n == null ? 0 : n.get();
    }

    /** One line: cases, answers by status, closes, what reached the backends. */
    public String summary() {
        Map<Integer, Integer> sorted = new TreeMap<>();
        statuses.forEach((status, n) -> sorted.put(status, n.get()));
        List<String> parts = new ArrayList<>();
        sorted.forEach((status, n) -> parts.add(status + ": " + n));
        return cases.get() + " cases; answers by status {" + String.join(", ", parts) + "}; closed without an answer "
                + closedWithoutAnswer.get() + "; answer cut by a close " + cut.get()
                + "; left open after every timeout " + keptOpen.get()
                + "; requests that reached a backend " + backendRequests.get()
                + "; backend connections closed on part of a request " + cutRequests.get();
    }
}
