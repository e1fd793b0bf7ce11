package io.scimrouter.demo;

import de.captaingoldfish.scim.sdk.common.constants.AttributeNames;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.exceptions.ConflictException;
import de.captaingoldfish.scim.sdk.common.exceptions.ResourceNotFoundException;
import de.captaingoldfish.scim.sdk.common.resources.ResourceNode;
import de.captaingoldfish.scim.sdk.common.resources.complex.Meta;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.common.utils.JsonHelper;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Keeps one resource type in memory, partitioned by tenant: a tenant only ever reads and writes its own map.
 * Filtering, sorting and paging are left to the SDK ({@code autoFiltering}/{@code autoSorting}), so
 * {@link #listResources} returns the whole partition.
 *
 * <p>Stored objects are deep copies without meta.location: the SDK mutates what a handler returns, and the location
 * depends on the request.
 */
abstract class InMemoryResourceHandler<T extends ResourceNode> extends ResourceHandler<T> {

    private final String resourceTypeName;
    private final Class<T> resourceClass;
    private final Clock clock;
    private final Optional<UniqueAttribute<T>> uniqueAttribute;
    private final ConcurrentMap<String, ConcurrentMap<String, T>> tenants = new ConcurrentHashMap<>();

    /**
     * An attribute whose value must be unique within a tenant, compared case-insensitively.
     *
     * @param name  attribute name, for the 409 detail
     * @param value reads the attribute from a resource
     */
    record UniqueAttribute<T>(String name, Function<T, Optional<String>> value) {

        Optional<String> normalisedValue(T resource) {
            return value.apply(resource).map(text -> text.toLowerCase(Locale.ROOT));
        }
    }

    InMemoryResourceHandler(String resourceTypeName, Class<T> resourceClass, Clock clock,
            Optional<UniqueAttribute<T>> uniqueAttribute) {
        this.resourceTypeName = resourceTypeName;
        this.resourceClass = resourceClass;
        this.clock = clock;
        this.uniqueAttribute = uniqueAttribute;
    }

    @Override
    public T createResource(T resource, Context context) {
        ConcurrentMap<String, T> store = store(context);
        synchronized (store) {
            rejectDuplicate(store, resource, null);
            String id = UUID.randomUUID().toString();
            Instant now = clock.instant();
            resource.setId(id);
            stamp(resource, now, now);
            store.put(id, copy(resource));
        }
        return withLocation(resource, context);
    }

    @Override
    public T getResource(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excludedAttributes,
            Context context) {
        T stored = store(context).get(id);
        return stored == null ? null : withLocation(copy(stored), context);
    }

    @Override
    public PartialListResponse<T> listResources(long startIndex, int count, FilterNode filter, SchemaAttribute sortBy,
            SortOrder sortOrder, List<SchemaAttribute> attributes, List<SchemaAttribute> excludedAttributes,
            Context context) {
        List<T> all = store(context).values().stream().map(stored -> withLocation(copy(stored), context)).toList();
        return PartialListResponse.<T>builder().resources(all).totalResults(all.size()).build();
    }

    @Override
    public T updateResource(T resource, Context context) {
        String id = resource.getId().orElseThrow(() -> new ResourceNotFoundException("resource without id"));
        ConcurrentMap<String, T> store = store(context);
        synchronized (store) {
            T existing = store.get(id);
            if (existing == null) {
                throw new ResourceNotFoundException(resourceTypeName + " '" + id + "' not found");
            }
            rejectDuplicate(store, resource, id);
            Instant created = existing.getMeta().flatMap(Meta::getCreated).orElse(clock.instant());
            stamp(resource, created, clock.instant());
            store.put(id, copy(resource));
        }
        return withLocation(resource, context);
    }

    @Override
    public void deleteResource(String id, Context context) {
        if (store(context).remove(id) == null) {
            throw new ResourceNotFoundException(resourceTypeName + " '" + id + "' not found");
        }
    }

    private void rejectDuplicate(Map<String, T> store, T candidate, String ownId) {
        uniqueAttribute.ifPresent(unique -> unique.normalisedValue(candidate).ifPresent(value -> {
            boolean taken = store.values().stream()
                    .filter(other -> !other.getId().orElse("").equals(ownId))
                    .anyMatch(other -> unique.normalisedValue(other).filter(value::equals).isPresent());
            if (taken) {
                throw new ConflictException(unique.name() + " '" + unique.value().apply(candidate).orElseThrow()
                        + "' is already taken", null, "uniqueness");
            }
        }));
    }

    private void stamp(T resource, Instant created, Instant lastModified) {
        resource.remove(AttributeNames.RFC7643.META);
        resource.setMeta(Meta.builder()
                .resourceType(resourceTypeName)
                .created(created)
                .lastModified(lastModified)
                .build());
    }

    /**
     * meta.location is derived per request (from the Host the request came with), never stored: the same user read
     * through the router and directly must show each caller its own absolute URL.
     */
    private T withLocation(T resource, Context context) {
        resource.getMeta().ifPresent(meta -> meta.setLocation(
                context.getResourceReferenceUrl(resource.getId().orElseThrow())));
        return resource;
    }

    private ConcurrentMap<String, T> store(Context context) {
        return tenants.computeIfAbsent(TenantScope.tenantOf(context), tenant -> new ConcurrentHashMap<>());
    }

    private T copy(T resource) {
        return JsonHelper.copyResourceToObject(resource.deepCopy(), resourceClass);
    }
}
