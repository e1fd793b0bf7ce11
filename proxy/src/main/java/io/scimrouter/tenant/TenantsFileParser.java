package io.scimrouter.tenant;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a tenants file: a YAML (or JSON, which YAML accepts) list of
 * {@code {project, environment, tenants: [acme, {key: big, upstream: "http://10.0.0.7:8080"}]}}.
 * Throws {@link IllegalArgumentException} with a one-line message that names the entry at fault, or the line and
 * column of a YAML error.
 */
final class TenantsFileParser {
    private static final int MAX_FILE_CODE_POINTS = 16 * 1024 * 1024;

    private TenantsFileParser() {
    }

    static TenantTable parse(String content) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_FILE_CODE_POINTS);
        options.setAllowDuplicateKeys(false);
        Object root;
        try {
            root = new Yaml(new SafeConstructor(options)).load(content);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)
                    + ": ";
            throw new IllegalArgumentException("not valid YAML: " + where
                    + (e.getProblem() != null ? e.getProblem() : e.getContext()), e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return TenantTable.EMPTY;
        }
        if (!(root instanceof List<?> entries)) {
            throw new IllegalArgumentException("expected a list of {project, environment, tenants} entries");
        }
        Map<TenantTable.Coordinates, DirectoryAnswer.Found> tenants = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = "entry " + (i + 1);
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw new IllegalArgumentException(where + ": expected a map");
            }
            String project = requiredString(entry, "project", where);
            String environment = requiredString(entry, "environment", where);
            if (!(entry.get("tenants") instanceof List<?> list)) {
                throw new IllegalArgumentException(where + ": 'tenants' must be a list");
            }
            for (Object item : list) {
                DirectoryAnswer.Found found = tenant(item, where);
                tenants.put(new TenantTable.Coordinates(project, environment, found.canonicalKey()), found);
            }
        }
        return new TenantTable(tenants);
    }

    private static DirectoryAnswer.Found tenant(Object item, String where) {
        if (item instanceof String key && !key.isBlank()) {
            return new DirectoryAnswer.Found(key, null);
        }
        if (item instanceof Map<?, ?> map) {
            String key = requiredString(map, "key", where);
            Object upstream = map.get("upstream");
            if (upstream == null) {
                return new DirectoryAnswer.Found(key, null);
            }
            if (!(upstream instanceof String text)) {
                throw new IllegalArgumentException(where + ", tenant '" + key + "': 'upstream' must be a URL");
            }
            try {
                return new DirectoryAnswer.Found(key, Upstreams.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ", tenant '" + key + "': " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(where + ": a tenant is a key or a {key, upstream} map");
    }

    private static String requiredString(Map<?, ?> map, String field, String where) {
        if (map.get(field) instanceof String value && !value.isBlank()) {
            return value;
        }
        throw new IllegalArgumentException(where + ": '" + field + "' must be a non-empty string");
    }
}
