package io.scimrouter.tenant.it;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;

import java.net.URI;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** WireMock servers on loopback, a free port each; the caller stops them. */
final class WireMocks {
    private WireMocks() {
    }

    static WireMockServer start(Extension... extensions) {
        WireMockServer server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(40)
                .extensions(extensions));
        server.start();
        return server;
    }

    static URI origin(WireMockServer server) {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    static void stopAll(WireMockServer... servers) {
        for (WireMockServer server : servers) {
            if (server != null) {
                server.stop();
            }
        }
    }
}
