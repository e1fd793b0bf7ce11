package io.scimrouter.shadow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads an answer body into memory up to a limit: a body that says or turns out to be longer fails the read
 * (the connection is given up) instead of growing without bound.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The body is over {@code rollout.shadow.maxBodyBytes}. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("answer body over " + limit + " bytes (rollout.shadow.maxBodyBytes)");
        }
    }

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int limit;
    private final long declared;
    private Flow.Subscription subscription;

    private BoundedBody(int limit, long declared) {
        this.limit = limit;
        this.declared = declared;
    }

    /** A handler whose subscribers keep at most {@code limit} bytes. */
    static HttpResponse.BodyHandler<byte[]> handler(int limit) {
        return info -> {
            OptionalLong length = info.headers().firstValueAsLong("Content-Length");
            return new BoundedBody(limit, length.orElse(-1));
        };
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declared > limit) {
            s.cancel();
            result.completeExceptionally(new TooLargeException(limit));
            return;
        }
        s.request(Long.MAX_VALUE); // bounded below: the subscription is cancelled at the limit
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            if (out.size() + (long) item.remaining() > limit) {
                subscription.cancel();
                result.completeExceptionally(new TooLargeException(limit));
                return;
            }
            byte[] bytes = new byte[item.remaining()];
            item.get(bytes);
            out.write(bytes, 0, bytes.length);
        }
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}
