package io.scimrouter.bench.stub;

/**
 * Renders the stub's SCIM resources as JSON text. Generated numbers are zero-padded to a fixed width so that every
 * generated user of one request has the same length, which lets a streamed list announce its size up front.
 */
final class ScimDocuments {
    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    private static final int NUMBER_WIDTH = 10;

    private ScimDocuments() {
    }

    /** A user id the stub generates itself: {@code u-0000000042}. */
    static String userId(long number) {
        return "u-" + padded(number);
    }

    static String groupId(long number) {
        return "g-" + padded(number);
    }

    /**
     * A user of about 1 KB: enterprise extension, two emails, groups and manager with absolute {@code $ref}s.
     *
     * @param baseUrl absolute URL of the service root, e.g. {@code http://host:8080/scim/v2/p1/e1}
     */
    static StringBuilder appendUser(StringBuilder out, String baseUrl, String id, long number) {
        String n = padded(number);
        out.append("{\"schemas\":[\"").append(USER_SCHEMA).append("\",\"").append(ENTERPRISE_SCHEMA).append("\"],");
        out.append("\"id\":");
        appendString(out, id);
        out.append(",\"externalId\":\"ext-").append(n).append('"');
        out.append(",\"userName\":\"user").append(n).append("@example.com\"");
        out.append(",\"name\":{\"formatted\":\"Ada Lovelace ").append(n)
                .append("\",\"familyName\":\"Lovelace\",\"givenName\":\"Ada\"}");
        out.append(",\"displayName\":\"Ada Lovelace\",\"active\":true");
        out.append(",\"emails\":[{\"value\":\"user").append(n)
                .append("@example.com\",\"type\":\"work\",\"primary\":true},{\"value\":\"ada.").append(n)
                .append("@home.example.org\",\"type\":\"home\",\"primary\":false}]");
        out.append(",\"phoneNumbers\":[{\"value\":\"+1 555 0100\",\"type\":\"work\"}]");
        out.append(",\"groups\":[");
        appendGroupRef(out, baseUrl, 1, "Engineering");
        out.append(',');
        appendGroupRef(out, baseUrl, 2, "All Staff");
        out.append("],\"").append(ENTERPRISE_SCHEMA).append("\":{\"employeeNumber\":\"").append(n)
                .append("\",\"costCenter\":\"CC-4711\",\"organization\":\"Example Corp\",\"division\":\"R&D\"")
                .append(",\"department\":\"Platform\",\"manager\":{\"value\":\"u-0000000001\",\"$ref\":\"")
                .append(baseUrl).append("/Users/u-0000000001\",\"displayName\":\"Grace Hopper\"}}");
        appendMeta(out, "User", baseUrl + "/Users/", id);
        return out.append('}');
    }

    static StringBuilder appendGroup(StringBuilder out, String baseUrl, String id) {
        out.append("{\"schemas\":[\"").append(GROUP_SCHEMA).append("\"],\"id\":");
        appendString(out, id);
        out.append(",\"displayName\":\"Engineering\",\"members\":[");
        for (int i = 1; i <= 3; i++) {
            String member = userId(i);
            if (i > 1) {
                out.append(',');
            }
            out.append("{\"value\":\"").append(member).append("\",\"$ref\":\"").append(baseUrl).append("/Users/")
                    .append(member).append("\",\"display\":\"Member ").append(i).append("\"}");
        }
        out.append(']');
        appendMeta(out, "Group", baseUrl + "/Groups/", id);
        return out.append('}');
    }

    /** Everything of a ListResponse before the first resource. */
    static String listHead(long totalResults, long startIndex) {
        return "{\"schemas\":[\"" + LIST_SCHEMA + "\"],\"totalResults\":" + totalResults + ",\"itemsPerPage\":"
                + totalResults + ",\"startIndex\":" + startIndex + ",\"Resources\":[";
    }

    static String listTail() {
        return "]}";
    }

    static String error(int status, String detail) {
        StringBuilder out = new StringBuilder(128);
        out.append("{\"schemas\":[\"").append(ERROR_SCHEMA).append("\"],\"status\":\"").append(status)
                .append("\",\"detail\":");
        appendString(out, detail);
        return out.append('}').toString();
    }

    private static void appendGroupRef(StringBuilder out, String baseUrl, long number, String display) {
        String id = groupId(number);
        out.append("{\"value\":\"").append(id).append("\",\"$ref\":\"").append(baseUrl).append("/Groups/")
                .append(id).append("\",\"display\":\"").append(display).append("\"}");
    }

    private static void appendMeta(StringBuilder out, String resourceType, String collectionUrl, String id) {
        out.append(",\"meta\":{\"resourceType\":\"").append(resourceType)
                .append("\",\"created\":\"2024-01-15T09:30:00Z\",\"lastModified\":\"2024-06-01T12:00:00Z\"")
                .append(",\"version\":\"W/\\\"1\\\"\",\"location\":");
        appendString(out, collectionUrl + id);
        out.append('}');
    }

    static String padded(long number) {
        String digits = Long.toString(number);
        return digits.length() >= NUMBER_WIDTH ? digits : "0".repeat(NUMBER_WIDTH - digits.length()) + digits;
    }

    /** A JSON string literal; ids come from request paths, so they are escaped. */
    static void appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
