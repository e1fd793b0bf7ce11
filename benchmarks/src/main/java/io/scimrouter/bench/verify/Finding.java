package io.scimrouter.bench.verify;

/**
 * One thing that is not as it should be.
 *
 * @param step     the step it showed in, e.g. {@code entra.create-user}
 * @param form     the URL form, e.g. {@code v2/acme}
 * @param check    which check: {@code same-answer}, {@code url-form}, {@code url-follow}, {@code isolation},
 *                 {@code skipped}, {@code availability}
 * @param path     where: {@code status}, {@code header Location}, or a JSON path such as {@code $.members[0].$ref}
 * @param expected what the reference (the legacy form, or the rule) says, as mapped JSON or text; null if absent
 * @param actual   what this form gave; null if absent
 */
public record Finding(String step, String form, String check, String path, String expected, String actual) {
}
