package io.scimrouter.tenant;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a limit: a body that says (Content-Length) or turns out to be larger fails the read
 * with {@link TooLargeException} and gives the connection up, instead of filling the heap. Reads the directory's
 * answers and the shadow comparison's.
 */
public final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    /** The body is over the limit; the message says which limit. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    private final int limit;
    private final long declared;
    private final String tooLarge;
    private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    /** {@code declared}: the answer's Content-Length, -1 when it has none; {@code tooLarge}: the failure's message. */
    BoundedBodySubscriber(int limit, long declared, String tooLarge) {
        this.limit = limit;
        this.declared = declared;
        this.tooLarge = tooLarge;
    }

    /** A handler whose subscribers keep at most {@code limit} bytes and fail with {@code tooLarge} beyond. */
    public static HttpResponse.BodyHandler<byte[]> handler(int limit, String tooLarge) {
        return info -> new BoundedBodySubscriber(limit,
                info.headers().firstValueAsLong("Content-Length").orElse(-1), tooLarge);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (declared > limit) {
            fail();
            return;
        }
        subscription.request(Long.MAX_VALUE); // bounded below: the subscription is cancelled at the limit
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (collected.size() + (long) buffer.remaining() > limit) {
                fail();
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            collected.writeBytes(chunk);
        }
    }

    private void fail() {
        subscription.cancel();
        result.completeExceptionally(new TooLargeException(tooLarge));
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(collected.toByteArray());
    }
}
