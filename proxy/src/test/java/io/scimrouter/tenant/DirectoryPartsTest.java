package io.scimrouter.tenant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP directory's pure parts, without a socket: the URL template and the bounded body. */
class DirectoryPartsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "azAZ09-._~ | azAZ09-._~",
        "a b        | a%20b",
        "a/b?c#d    | a%2Fb%3Fc%23d",
        "%          | %25",
        "é          | %C3%A9",
        "@:+!       | %40%3A%2B%21",
        "`{[        | %60%7B%5B",
    })
    void valuesArePercentEncodedAsPathSegments_unreservedCharactersStay(String value, String encoded) {
        assertThat(UrlTemplate.encode(value)).isEqualTo(encoded);
    }

    @Test
    void everyPlaceholderIsFilled_encoded() {
        UrlTemplate template = new UrlTemplate("https://dir.example/{project}/{environment}/t/{tenant}");
        assertThat(template.expand("p 1", "e/1", "a?b"))
                .isEqualTo(URI.create("https://dir.example/p%201/e%2F1/t/a%3Fb"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://dir.example/{project}                | the URL template must contain {tenant}",
        "ftp://dir.example/{tenant}                   | the URL template must be an absolute http or https URL",
        "/relative/{tenant}                           | the URL template must be an absolute http or https URL",
        "https:///{tenant}                            | the URL template must be an absolute http or https URL",
    })
    void unusableTemplates_areRefused_sayingWhy(String template, String message) {
        assertThatThrownBy(() -> new UrlTemplate(template)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> new UrlTemplate(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the URL template must contain {tenant}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP://dir.example/{tenant}", "Https://dir.example:8443/x/{tenant}?k=v"})
    void httpAndHttps_inAnyCase_areAccepted(String template) {
        assertThat(new UrlTemplate(template).expand("p", "e", "t").getScheme()).isEqualToIgnoringCase(
                template.substring(0, template.indexOf(':')));
    }

    private static final class RecordingSubscription implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private static ByteBuffer bytes(int n) {
        return ByteBuffer.wrap("x".repeat(n).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aBodyOfExactlyTheLimit_isCollected_inOrder() throws Exception {
        BoundedBodySubscriber subscriber = new BoundedBodySubscriber(10, -1, "over 10");
        RecordingSubscription subscription = new RecordingSubscription();
        subscriber.onSubscribe(subscription);
        assertThat(subscription.requested).isEqualTo(Long.MAX_VALUE);
        subscriber.onNext(List.of(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)), bytes(0)));
        subscriber.onNext(List.of(ByteBuffer.wrap("defghij".getBytes(StandardCharsets.US_ASCII))));
        subscriber.onComplete();
        assertThat(new String(subscriber.getBody().toCompletableFuture().get(1, TimeUnit.SECONDS),
                StandardCharsets.US_ASCII)).isEqualTo("abcdefghij");
        assertThat(subscription.cancelled).isFalse();
    }

    @Test
    void oneByteOverTheLimit_cancelsAndFails_andLaterBuffersAreIgnored() {
        BoundedBodySubscriber subscriber = new BoundedBodySubscriber(10, -1, "over 10");
        RecordingSubscription subscription = new RecordingSubscription();
        subscriber.onSubscribe(subscription);
        subscriber.onNext(List.of(bytes(4), bytes(7)));
        assertThat(subscription.cancelled).isTrue();
        subscriber.onNext(List.of(bytes(1)));
        subscriber.onComplete();
        assertThatThrownBy(() -> subscriber.getBody().toCompletableFuture().get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(BoundedBodySubscriber.TooLargeException.class).hasMessage("over 10");
    }

    @Test
    void anError_failsTheBody() {
        BoundedBodySubscriber subscriber = new BoundedBodySubscriber(10, -1, "over 10");
        subscriber.onSubscribe(new RecordingSubscription());
        IOException reset = new IOException("connection reset");
        subscriber.onError(reset);
        assertThat(subscriber.getBody().toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> subscriber.getBody().toCompletableFuture().get()).hasCause(reset);
    }

    @Test
    void theHandlerMakesAFreshSubscriberWithTheLimitForEachResponse() {
        var handler = BoundedBodySubscriber.handler(3, "over 3");
        assertThat(handler.apply(answer(null))).isNotSameAs(handler.apply(answer(null)))
                .isInstanceOf(BoundedBodySubscriber.class);
        BoundedBodySubscriber subscriber = (BoundedBodySubscriber) handler.apply(answer(null));
        subscriber.onSubscribe(new RecordingSubscription());
        subscriber.onNext(List.of(bytes(4)));
        assertThat(subscriber.getBody().toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void aDeclaredLengthOverTheLimit_failsBeforeAnyByteIsAsked_andOneAtTheLimitIsRead() throws Exception {
        var handler = BoundedBodySubscriber.handler(3, "over 3");
        BoundedBodySubscriber tooLong = (BoundedBodySubscriber) handler.apply(answer("4"));
        RecordingSubscription refused = new RecordingSubscription();
        tooLong.onSubscribe(refused);
        assertThat(refused.cancelled).isTrue();
        assertThat(refused.requested).isZero();
        assertThatThrownBy(() -> tooLong.getBody().toCompletableFuture().get(1, TimeUnit.SECONDS))
                .cause().isInstanceOf(BoundedBodySubscriber.TooLargeException.class).hasMessage("over 3");

        BoundedBodySubscriber exact = (BoundedBodySubscriber) handler.apply(answer("3"));
        RecordingSubscription read = new RecordingSubscription();
        exact.onSubscribe(read);
        assertThat(read.requested).isEqualTo(Long.MAX_VALUE);
        exact.onNext(List.of(bytes(3)));
        exact.onComplete();
        assertThat(exact.getBody().toCompletableFuture().get(1, TimeUnit.SECONDS)).hasSize(3);
    }

    /** An answer's head with the given Content-Length, or none. */
    private static HttpResponse.ResponseInfo answer(String contentLength) {
        HttpHeaders headers = HttpHeaders.of(
                contentLength == null ? Map.of() : Map.of("Content-Length", List.of(contentLength)), (n, v) -> true);
        return new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return 200;
            }

            @Override
            public HttpHeaders headers() {
                return headers;
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
