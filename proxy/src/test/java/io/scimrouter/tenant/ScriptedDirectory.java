package io.scimrouter.tenant;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A directory whose answers a test scripts per tenant, and which records every query it was asked. */
final class ScriptedDirectory implements TenantDirectory {
    private final Map<String, Function<TenantQuery, CompletableFuture<DirectoryAnswer>>> script =
            new ConcurrentHashMap<>();
    final List<TenantQuery> asked = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    ScriptedDirectory answer(String tenant, DirectoryAnswer answer) {
        script.put(tenant, query -> CompletableFuture.completedFuture(answer));
        return this;
    }

    ScriptedDirectory fail(String tenant) {
        script.put(tenant, query -> CompletableFuture.failedFuture(new DirectoryException("directory down")));
        return this;
    }

    ScriptedDirectory answerWith(String tenant, Function<TenantQuery, CompletableFuture<DirectoryAnswer>> answer) {
        script.put(tenant, answer);
        return this;
    }

    long askedFor(String tenant) {
        return asked.stream().filter(query -> query.tenant().equals(tenant)).count();
    }

    @Override
    public CompletableFuture<DirectoryAnswer> lookup(TenantQuery query) {
        asked.add(query);
        return script.getOrDefault(query.tenant(),
                q -> CompletableFuture.completedFuture(new DirectoryAnswer.NotFound())).apply(query);
    }

    @Override
    public void close() {
        closed = true;
    }
}
