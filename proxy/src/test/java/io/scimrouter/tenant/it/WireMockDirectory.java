package io.scimrouter.tenant.it;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.scimrouter.config.RouterConfig.Tenants;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * WireMock playing the product's tenant directory ({@code tenants.http}): unknown paths answer 404, as the real one
 * does for a tenant that does not exist; stubs say which tenants exist and what the directory tells about them.
 */
final class WireMockDirectory implements AutoCloseable {
    static final String CREDENTIAL_ENV = "IT_DIRECTORY_TOKEN";
    static final String ROUTER_CREDENTIAL = "router-s3cret";

    private static final int FALLBACK = 10;
    private static final int OUTAGE = 1;

    private final WireMockServer server;

    WireMockDirectory(Extension... extensions) {
        server = WireMocks.start(extensions);
        server.stubFor(any(anyUrl()).atPriority(FALLBACK).willReturn(notFound()));
    }

    WireMockServer server() {
        return server;
    }

    static String path(String project, String environment, String tenant) {
        return "/facts/" + project + "/" + environment + "/tenants/" + tenant;
    }

    /** The {@code tenants.http} block pointing here; the router's own credential comes from the environment. */
    Tenants.Http config(boolean forwardCallerAuthorization) {
        return new Tenants.Http("http://127.0.0.1:" + server.port() + path("{project}", "{environment}", "{tenant}"),
                Duration.ofSeconds(10), forwardCallerAuthorization ? null : CREDENTIAL_ENV,
                forwardCallerAuthorization);
    }

    Tenants tenants(boolean forwardCallerAuthorization, Tenants.Cache cache) {
        return new Tenants(List.of(), null, config(forwardCallerAuthorization), cache);
    }

    /** The tenant exists; {@code json} is the directory's 200 body. */
    StubMapping found(String project, String environment, String tenant, String json) {
        return server.stubFor(get(urlPathEqualTo(path(project, environment, tenant))).willReturn(okJson(json)));
    }

    StubMapping stub(MappingBuilder mapping) {
        return server.stubFor(mapping);
    }

    /** Every directory call fails with 503 until {@link #recover} is given the returned stub. */
    StubMapping goDown() {
        return server.stubFor(any(anyUrl()).atPriority(OUTAGE).willReturn(aResponse().withStatus(503)));
    }

    void recover(StubMapping outage) {
        server.removeStub(outage);
    }

    int requests(String project, String environment, String tenant) {
        return requests(getRequestedFor(urlPathEqualTo(path(project, environment, tenant))));
    }

    int requests(RequestPatternBuilder pattern) {
        return server.countRequestsMatching(pattern.build()).getCount();
    }

    static ResponseDefinitionBuilder status(int status) {
        return aResponse().withStatus(status);
    }

    @Override
    public void close() {
        server.stop();
    }
}
