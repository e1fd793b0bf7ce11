package io.scimrouter.rewrite.it;

import io.scimrouter.rewrite.JacksonUrlRewriter;
import io.scimrouter.rewrite.JsonUrlRewriter;
import io.scimrouter.rewrite.RewriterKind;
import io.scimrouter.rewrite.ScanningUrlRewriter;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.scimrouter.rewrite.it.RewriteFixtures.ACME_BASE;
import static io.scimrouter.rewrite.it.RewriteFixtures.LEGACY_BASE;
import static io.scimrouter.rewrite.it.RewriteFixtures.PUBLIC;
import static io.scimrouter.rewrite.it.RewriteFixtures.answering;
import static io.scimrouter.rewrite.it.RewriteFixtures.utf8;
import static io.scimrouter.rewrite.it.RewriteFixtures.withBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seam the router-level rewrite tests rely on: the rewriter a test hands to {@link RouterExtension#rewriters}
 * rewrites both directions of a /v2 exchange, so a test parameterized over {@link RewriterKind} really runs each.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(RewriterKind.class)
class RewriterSeamTest {
    @Parameter
    RewriterKind rewriter;

    /** Every rewriter the router made, in order. */
    private final List<JsonUrlRewriter> made = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().rewriters(() -> (mapping, limits) -> {
        JsonUrlRewriter r = rewriter.create(mapping, limits);
        made.add(r);
        return r;
    });

    private Class<? extends JsonUrlRewriter> expectedClass() {
        return switch (rewriter) {
            case SCANNING -> ScanningUrlRewriter.class;
            case JACKSON -> JacksonUrlRewriter.class;
        };
    }

    @Test
    void requestAndAnswerBodies_areRewrittenByTheChosenRewriter() throws Exception {
        router.backend().respond(answering(201, "application/scim+json",
                "{\"id\":\"g1\",\"meta\":{\"location\":\"" + PUBLIC + LEGACY_BASE + "/Groups/g1\"}}"));
        byte[] body = utf8("{\"members\":[{\"value\":\"7\",\"$ref\":\"" + PUBLIC + ACME_BASE + "/Users/7\"}]}");

        RawHttp.Response r;
        try (RawHttp http = router.connect()) {
            r = http.send(withBody("POST", ACME_BASE + "/Groups", "application/scim+json", body)).send(body).read();
        }

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.bodyText()).contains("\"location\":\"" + PUBLIC + ACME_BASE + "/Groups/g1\"");
        assertThat(router.backend().received().get(0).body()).contains("\"$ref\":\"" + PUBLIC + LEGACY_BASE
                + "/Users/7\"");
        assertThat(made).as("a request body's and an answer's rewriter").hasSize(2)
                .allSatisfy(each -> assertThat(each).isExactlyInstanceOf(expectedClass()))
                .allSatisfy(each -> assertThat(each.rewrittenCount()).isEqualTo(1));
    }
}
