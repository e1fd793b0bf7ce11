package io.scimrouter.bench.verify;

import io.scimrouter.compare.StringMapping;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What one URL form has created and learnt during a run: ids by symbolic name, its ETag, whether it answers. */
final class FormSession {
    final UrlForm form;
    private final Map<String, String> idsBySymbol = new LinkedHashMap<>();
    boolean available = true;

    FormSession(UrlForm form) {
        this.form = form;
    }

    void remember(String symbol, String id) {
        idsBySymbol.put(symbol, id);
    }

    Optional<String> id(String symbol) {
        return Optional.ofNullable(idsBySymbol.get(symbol));
    }

    /**
     * This form's base URL, its per-run tag and every id it was given become placeholders, so that its answers
     * read like any other form's: {@code {base}/Users/{entra.user}}, {@code alice.{run}@contoso.example}.
     */
    StringMapping mapping() {
        StringMapping.Builder b = StringMapping.builder().baseUrl(form.baseUrl(), "{base}")
                .literal(form.tag(), "{run}");
        idsBySymbol.forEach((symbol, id) -> b.literal(id, "{" + symbol + "}"));
        return b.build();
    }
}
