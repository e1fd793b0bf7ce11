package io.scimrouter.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** URL rules of the configuration. Values are redacted before they reach a message, in case they carry credentials. */
final class Urls {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

    private Urls() {
    }

    /**
     * An absolute http(s) origin: scheme, host and optional port, nothing else (a path of "/" is tolerated and
     * dropped). Returned normalised as {@code scheme://authority}, without a trailing slash.
     *
     * @param whyNoPath the end of the message when the URL has a path, saying why the key cannot take one
     */
    static URI origin(ConfigValues values, String key, String text, String whyNoPath) {
        URI uri = absoluteHttp(values, key, text, text);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw values.fail(key, quote(text) + " must not have a query or fragment");
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw values.fail(key, quote(text) + " must not have a path (" + path + "): " + whyNoPath);
        }
        return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority());
    }

    /**
     * A directory URL template: absolute http(s) once its placeholders are filled; {tenant} is required, and
     * {project} and {environment} are the only other placeholders.
     */
    static String template(ConfigValues values, String key, String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!name.equals("project") && !name.equals("environment") && !name.equals("tenant")) {
                throw values.fail(key, "unknown placeholder {" + name + "} (use {project}, {environment}, {tenant})");
            }
        }
        if (!text.contains("{tenant}")) {
            throw values.fail(key, quote(text) + " must contain the placeholder {tenant}");
        }
        String sample = text.replace("{project}", "p").replace("{environment}", "e").replace("{tenant}", "t");
        URI uri = absoluteHttp(values, key, sample, text);
        if (uri.getRawFragment() != null) {
            throw values.fail(key, quote(text) + " must not have a fragment");
        }
        return text;
    }

    /** @param shown what the messages quote: the template rather than the filled-in sample */
    private static URI absoluteHttp(ConfigValues values, String key, String url, String shown) {
        String text = shown;
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw values.fail(key, quote(text) + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw values.fail(key, quote(text) + " must be an absolute http:// or https:// URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw values.fail(key, "must not carry user info (credentials do not belong in a URL)");
        }
        if (uri.getHost() == null) {
            throw values.fail(key, quote(text) + " has no valid host");
        }
        return uri;
    }

    private static String quote(String text) {
        return Syntax.quote(Syntax.redactUserInfo(text));
    }
}
