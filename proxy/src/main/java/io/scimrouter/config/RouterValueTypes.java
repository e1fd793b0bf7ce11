package io.scimrouter.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The router's own kinds of value, each a generic syntax ({@link ValueType}) plus the rule that makes a value safe to
 * run with: hosts to bind, origins, the base path, header names, tenant patterns, endpoint and rollout lists, files,
 * directory URL templates, environment variable names. Rules that compare two keys live in {@link CrossKeyRules}.
 */
final class RouterValueTypes {
    // headers the router forwards or sets itself; using one as the tenant header would corrupt the exchange
    private static final Set<String> HEADERS_NOT_FOR_TENANTS = Set.of(
            "host", "authorization", "content-length", "content-type", "content-encoding", "transfer-encoding",
            "connection", "keep-alive", "te", "trailer", "upgrade", "proxy-authorization", "proxy-authenticate",
            "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host");

    private static final List<String> VERIFY_PLACEHOLDERS = List.of("{basePath}", "{project}", "{environment}");

    private static final String ORIGIN_ONLY = "write only scheme, host and optional port";

    // the versions a listener may offer, in their canonical spelling; older ones are broken and refused
    private static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private RouterValueTypes() {
    }

    /** A host name or IP address to bind to. */
    static ValueType<String> bindHost() {
        return ValueType.text().then(String.class, (values, key, text) -> {
            String host = text.strip();
            if (host.isEmpty()) {
                throw values.fail(key, "must not be empty (write a host name or IP address, e.g. 127.0.0.1)");
            }
            if (!Syntax.isBindHost(host)) {
                throw values.fail(key, Syntax.quote(host)
                        + " is not a host name or IP address (no scheme, path or port)");
            }
            return host;
        });
    }

    /**
     * An http(s) origin ({@link Urls#origin}).
     *
     * @param whyNoPath why the key cannot take a path; ends the message when the URL has one
     */
    static ValueType<URI> origin(String whyNoPath) {
        return ValueType.text().then(URI.class, (values, key, text) -> Urls.origin(values, key, text,
                whyNoPath + "; " + ORIGIN_ONLY));
    }

    /** A list of http(s) origins; errors name the item. */
    static ValueType<List<URI>> origins(String whyNoPath) {
        return ValueType.listOf((values, key, text) -> Urls.origin(values, key, text, whyNoPath + "; " + ORIGIN_ONLY));
    }

    /** A list of address blocks ({@link CidrBlock}); errors name the item. */
    static ValueType<List<CidrBlock>> cidrs() {
        return ValueType.listOf((values, key, text) -> {
            String problem = CidrBlock.problem(text);
            if (problem != null) {
                throw values.fail(key, Syntax.quote(text) + " " + problem);
            }
            return CidrBlock.parse(text).orElseThrow();
        });
    }

    /** The path before {@code /{project}/{environment}}: {@code /scim/v2}. */
    static ValueType<String> basePath() {
        return ValueType.text().then(String.class, (values, key, path) -> {
            if (!path.startsWith("/")) {
                throw values.fail(key, Syntax.quote(path) + " must start with /");
            }
            if (path.endsWith("/")) {
                throw values.fail(key, Syntax.quote(path) + " must not end with / (write /scim/v2)");
            }
            for (String segment : path.substring(1).split("/", -1)) {
                if (!Syntax.isPlainSegment(segment)) {
                    throw values.fail(key, Syntax.quote(path) + " has an empty, dot or non-plain segment "
                            + Syntax.quote(segment));
                }
            }
            return path;
        });
    }

    /** A header name the router may set to carry the tenant. */
    static ValueType<String> tenantHeader() {
        return ValueType.text().then(String.class, (values, key, header) -> {
            if (!Syntax.isHttpToken(header)) {
                throw values.fail(key, Syntax.quote(header) + " is not a valid HTTP header name");
            }
            if (HEADERS_NOT_FOR_TENANTS.contains(header.toLowerCase(Locale.ROOT))) {
                throw values.fail(key, Syntax.quote(header) + " is a header the router forwards or sets itself");
            }
            return header;
        });
    }

    /** A Java regular expression. */
    static ValueType<Pattern> pattern() {
        return ValueType.text().then(Pattern.class, (values, key, regex) -> {
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw values.fail(key, Syntax.quote(regex) + " is not a valid regular expression: "
                        + e.getDescription());
            }
        });
    }

    /**
     * Endpoint names: at least one, each a plain path segment, none twice in any letter case.
     *
     * @param defaults named in the message when the list is empty
     */
    static ValueType<List<String>> endpoints(String defaults) {
        return ValueType.list().then(List.class, (values, key, endpoints) -> {
            if (endpoints.isEmpty()) {
                throw values.fail(key, "must list at least one endpoint (default: " + defaults + ")");
            }
            Map<String, String> seen = new HashMap<>();
            for (String endpoint : endpoints) {
                if (!Syntax.isPlainSegment(endpoint)) {
                    throw values.fail(key, Syntax.quote(endpoint) + " is not a single plain path segment");
                }
                String previous = seen.put(endpoint.toLowerCase(Locale.ROOT), endpoint);
                if (previous != null) {
                    throw values.fail(key, Syntax.quote(endpoint) + " is listed twice (endpoints compare without "
                            + "regard to letter case)");
                }
            }
            return endpoints;
        });
    }

    /** Rollout rules: {@code *}, {@code project/*}, {@code *}{@code /environment}, {@code project/environment}. */
    static ValueType<List<String>> rolloutRules() {
        return ValueType.list().then(List.class, (values, key, rules) -> {
            for (String rule : rules) {
                if (!isRolloutRule(rule)) {
                    throw values.fail(key, Syntax.quote(rule)
                            + " is not a rule (write *, project/*, */environment or project/environment)");
                }
            }
            return rules;
        });
    }

    /** A file that exists and can be read now. */
    static ValueType<Path> readableFile() {
        return ValueType.text().then(Path.class, (values, key, text) -> {
            Path path;
            try {
                path = Path.of(text.strip());
            } catch (InvalidPathException e) {
                throw values.fail(key, Syntax.quote(text) + " is not a valid path");
            }
            // a directory that cannot be read at start would leave every tenant unknown: fail now, not per request
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw values.fail(key, Syntax.quote(text) + " is not a readable file");
            }
            return path;
        });
    }

    /** TLS versions: {@code TLSv1.3} and/or {@code TLSv1.2}, each once, in any letter case. */
    static ValueType<List<String>> tlsProtocols() {
        String known = String.join(", ", TLS_PROTOCOLS);
        return ValueType.listOf((values, key, text) -> {
            for (String protocol : TLS_PROTOCOLS) {
                if (protocol.equalsIgnoreCase(text)) {
                    return protocol;
                }
            }
            throw values.fail(key, Syntax.quote(text) + " is not a TLS version the router offers (" + known
                    + "; older versions are insecure)");
        }).then(List.class, (values, key, protocols) -> {
            if (protocols.isEmpty()) {
                throw values.fail(key, "must list at least one of " + known);
            }
            if (Set.copyOf(protocols).size() != protocols.size()) {
                throw values.fail(key, "lists a version twice");
            }
            return protocols;
        });
    }

    /** A directory URL template ({@link Urls#template}). */
    static ValueType<String> urlTemplate() {
        return ValueType.text().then(String.class, Urls::template);
    }

    /** The name of an environment variable; whether it is set is checked where the variable is used. */
    static ValueType<String> environmentVariableName() {
        return ValueType.text().then(String.class, (values, key, name) -> {
            // only ever quote the name: a secret pasted here by mistake must not reach a log
            if (!Syntax.isEnvName(name)) {
                throw values.fail(key, "must be the NAME of an environment variable that holds the credential "
                        + "(letters, digits, _), never the credential itself");
            }
            return name;
        });
    }

    /**
     * The caller check's request target: starts with {@code /} or {@code {basePath}}, names no placeholder other
     * than {@code {basePath}}, {@code {project}}, {@code {environment}}, and holds only characters a request target
     * may carry as they are (no spaces, no control characters, no fragment).
     */
    static ValueType<String> verifyPath() {
        return ValueType.text().then(String.class, (values, key, template) -> {
            if (!template.startsWith("/") && !template.startsWith(VERIFY_PLACEHOLDERS.get(0))) {
                throw values.fail(key, Syntax.quote(template) + " must start with / or {basePath}");
            }
            String rest = template;
            for (String placeholder : VERIFY_PLACEHOLDERS) {
                rest = rest.replace(placeholder, "x");
            }
            for (int i = 0; i < rest.length(); i++) {
                char c = rest.charAt(i);
                if (c <= 0x20 || c >= 0x7f || c == '#' || c == '{' || c == '}' || c == '"' || c == '\\') {
                    throw values.fail(key, Syntax.quote(template) + " may only use {basePath}, {project}, "
                            + "{environment} and the characters of a request target (no spaces, no #)");
                }
            }
            return template;
        });
    }

    private static boolean isRolloutRule(String rule) {
        if (rule.equals("*")) {
            return true;
        }
        String[] parts = rule.split("/", -1);
        return parts.length == 2 && (parts[0].equals("*") || isPlainName(parts[0]))
                && (parts[1].equals("*") || isPlainName(parts[1]));
    }

    private static boolean isPlainName(String segment) {
        return Syntax.isPlainSegment(segment) && !segment.contains("*");
    }
}
