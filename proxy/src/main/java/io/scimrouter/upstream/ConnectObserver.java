package io.scimrouter.upstream;

/**
 * Told about every new backend connection a pool opens, on the pool's event loop: readiness counts consecutive
 * failures. Not called for reused connections. Must be quick and must not block.
 */
public interface ConnectObserver {
    ConnectObserver NONE = new ConnectObserver() {
        @Override
        public void connected(Upstream upstream) {
        }

        @Override
        public void failed(Upstream upstream, Throwable cause) {
        }
    };

    void connected(Upstream upstream);

    void failed(Upstream upstream, Throwable cause);
}
