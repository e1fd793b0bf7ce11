package io.scimrouter.tenant;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The directory URL template, e.g. {@code https://dir.example.com/v2/facts/{project}/{environment}/tenants/{tenant}}.
 * Values are percent-encoded as path segments (RFC 3986 unreserved characters stay as they are), so a project name
 * can never add a segment, a query or a fragment to the directory URL.
 */
final class UrlTemplate {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String template;

    UrlTemplate(String template) {
        if (template == null || !template.contains("{tenant}")) {
            throw new IllegalArgumentException("the URL template must contain {tenant}");
        }
        URI probe = URI.create(expandRaw(template, "p", "e", "t"));
        if (!("http".equalsIgnoreCase(probe.getScheme()) || "https".equalsIgnoreCase(probe.getScheme()))
                || probe.getHost() == null) {
            throw new IllegalArgumentException("the URL template must be an absolute http or https URL");
        }
        this.template = template;
    }

    URI expand(String project, String environment, String tenant) {
        return URI.create(expandRaw(template, encode(project), encode(environment), encode(tenant)));
    }

    private static String expandRaw(String template, String project, String environment, String tenant) {
        return template.replace("{project}", project)
                .replace("{environment}", environment)
                .replace("{tenant}", tenant);
    }

    static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
