package io.scimrouter.tenant;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.scimrouter.config.ConfigException;
import io.scimrouter.config.RouterConfig.Tenants.Http;
import io.scimrouter.testing.ManualTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The HTTP directory against WireMock on a loopback port. */
class HttpTenantDirectoryTest {
    private static final String SECRET = "s3cret-token-value";
    // generous: the first request to a fresh WireMock on a busy machine can take seconds
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private WireMockServer wireMock;
    private HttpTenantDirectory directory;

    @BeforeEach
    void startDirectory() {
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
    }

    @AfterEach
    void stop() {
        if (directory != null) {
            directory.close();
        }
        wireMock.stop();
    }

    private HttpTenantDirectory directory(Duration timeout, boolean forwardCallerAuthorization) {
        directory = new HttpTenantDirectory(
                new Http(template(""), timeout, "DIRECTORY_TOKEN", forwardCallerAuthorization),
                Map.of("DIRECTORY_TOKEN", SECRET)::get);
        return directory;
    }

    private DirectoryAnswer lookup(String project, String tenant, String callerAuthorization) {
        return directory.lookup(new TenantQuery(project, "e1", tenant, callerAuthorization)).join();
    }

    @Test
    void ok_isFound_withTheAnswersTenantKeyAndUpstream() {
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/acme")).willReturn(okJson(
                "{\"meta\":{\"tenantKey\":\"nested-ignored\"},\"upstream\":\"http://10.1.2.3:8080\","
                        + "\"tags\":[1,{\"a\":null}],\"tenantKey\":\"ACME-1\"}")));
        directory(TIMEOUT, false);

        assertThat(lookup("p1", "acme", null))
                .isEqualTo(new DirectoryAnswer.Found("ACME-1", URI.create("http://10.1.2.3:8080")));
    }

    @Test
    void ok_withoutBody_isFound_underTheRequestedKey() {
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/acme")).willReturn(aResponse().withStatus(200)));
        directory(TIMEOUT, false);

        assertThat(lookup("p1", "acme", null)).isEqualTo(new DirectoryAnswer.Found("acme", null));
    }

    @Test
    void notFound_isNotFound() {
        directory(TIMEOUT, false);

        assertThat(lookup("p1", "ghost", null)).isEqualTo(new DirectoryAnswer.NotFound());
    }

    @Test
    void configuredCredential_isSentAsBearer_andNeverLogged() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/acme")).willReturn(okJson("{}")));
            wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/broken"))
                    .willReturn(aResponse().withStatus(500).withBody("echo: Bearer " + SECRET)));
            directory(TIMEOUT, false);
            TenantCache cache = new TenantCache(directory, new TenantCache.Settings(Duration.ofSeconds(10),
                    Duration.ofSeconds(60), Duration.ofSeconds(5), 100, false, Duration.ofSeconds(5)),
                    new ManualTicker(), Runnable::run);

            assertThat(cache.resolve(new TenantQuery("p1", "e1", "acme", "Bearer caller")).join())
                    .isInstanceOf(TenantDecision.Known.class);
            assertThat(cache.resolve(new TenantQuery("p1", "e1", "broken", null)).join())
                    .isInstanceOf(TenantDecision.Unavailable.class);

            wireMock.verify(getRequestedFor(urlPathEqualTo("/v2/facts/p1/e1/tenants/acme"))
                    .withHeader("Authorization", equalTo("Bearer " + SECRET)));
            assertThat(logs.list).isNotEmpty();
            assertThat(logs.list).allSatisfy(event -> {
                assertThat(event.getFormattedMessage()).doesNotContain(SECRET);
                if (event.getThrowableProxy() != null) {
                    assertThat(event.getThrowableProxy().getMessage()).doesNotContain(SECRET);
                }
            });
        } finally {
            root.detachAppender(logs);
        }
    }

    @Test
    void forwardCallerAuthorization_sendsTheCallersHeader_andMaps401And403ToRejected() {
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/acme"))
                .withHeader("Authorization", equalTo("Bearer alice")).willReturn(okJson("{}")));
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/acme"))
                .withHeader("Authorization", equalTo("Bearer bob")).willReturn(aResponse().withStatus(403)));
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/acme"))
                .withHeader("Authorization", equalTo("Bearer mallory")).willReturn(aResponse().withStatus(401)));
        directory(TIMEOUT, true);

        assertThat(lookup("p1", "acme", "Bearer alice")).isInstanceOf(DirectoryAnswer.Found.class);
        assertThat(lookup("p1", "acme", "Bearer bob")).isEqualTo(new DirectoryAnswer.Rejected(403));
        assertThat(lookup("p1", "acme", "Bearer mallory")).isEqualTo(new DirectoryAnswer.Rejected(401));
        assertThat(wireMock.findAll(getRequestedFor(urlPathEqualTo("/v2/facts/p1/e1/tenants/acme"))))
                .allSatisfy(request -> assertThat(request.getHeader("Authorization")).doesNotContain(SECRET));
    }

    @Test
    void unauthorized_withoutForwarding_isAFailure_notARejection() {
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/acme")).willReturn(aResponse().withStatus(401)));
        directory(TIMEOUT, false);

        assertThatThrownBy(() -> lookup("p1", "acme", "Bearer alice"))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(DirectoryException.class)
                .hasMessageContaining("refused the router's credential");
    }

    @Test
    void serverError_badJson_resetConnection_areFailures() {
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/a")).willReturn(aResponse().withStatus(503)));
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/b")).willReturn(okJson("[\"not an object\"]")));
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/c"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/d"))
                .willReturn(okJson("{\"upstream\":\"file:///etc/passwd\"}")));
        directory(TIMEOUT, false);

        for (String tenant : new String[] {"a", "b", "c", "d"}) {
            assertThatThrownBy(() -> lookup("p1", tenant, null))
                    .as(tenant)
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(DirectoryException.class);
        }
    }

    @Test
    void slowDirectory_failsAfterTheTimeout() {
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/slow"))
                .willReturn(okJson("{}").withFixedDelay(5_000)));
        directory(Duration.ofMillis(200), false);

        long started = System.nanoTime();
        assertThatThrownBy(() -> lookup("p1", "slow", null)).hasCauseInstanceOf(DirectoryException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void placeholders_arePercentEncoded() {
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p%201%C3%BC%3F%23%25/e1/tenants/acme"))
                .willReturn(okJson("{}")));
        directory(TIMEOUT, false);

        assertThat(lookup("p 1ü?#%", "acme", null)).isInstanceOf(DirectoryAnswer.Found.class);
        assertThat(wireMock.getAllServeEvents()).singleElement()
                .satisfies(event -> assertThat(event.getRequest().getUrl())
                        .isEqualTo("/v2/facts/p%201%C3%BC%3F%23%25/e1/tenants/acme"));
    }

    @Test
    void slashInAProjectName_cannotAddAPathSegment() {
        assertThat(new UrlTemplate("https://dir.example/{project}/{environment}/{tenant}?v=1")
                .expand("a/../b", "e 1", "t").toString())
                .isEqualTo("https://dir.example/a%2F..%2Fb/e%201/t?v=1");
    }

    @Test
    void noCredentialVariable_sendsNoAuthorizationHeader() {
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/acme")).willReturn(okJson("{}")));
        for (String variable : new String[] {null, " "}) {
            directory = new HttpTenantDirectory(new Http(template(""), TIMEOUT, variable, false),
                    name -> SECRET);
            assertThat(lookup("p1", "acme", "Bearer caller")).as(variable).isInstanceOf(DirectoryAnswer.Found.class);
            directory.close();
        }

        wireMock.verify(2, getRequestedFor(urlPathEqualTo("/v2/facts/p1/e1/tenants/acme"))
                .withoutHeader("Authorization"));
    }

    @Test
    void failureMessages_nameTheDirectoryWithoutItsQuery() {
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/down")).willReturn(aResponse().withStatus(503)));
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/refused"))
                .willReturn(aResponse().withStatus(403)));
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/garbled")).willReturn(okJson("[1]")));
        directory = new HttpTenantDirectory(new Http(template("?apiKey=" + SECRET), TIMEOUT, null, false),
                name -> null);
        String base = "directory http://127.0.0.1:" + wireMock.port() + "/v2/facts/p1/e1/tenants/";

        assertThat(failure("down")).hasMessage(base + "down answered 503");
        assertThat(failure("refused")).hasMessage(base + "refused refused the router's credential: 403");
        assertThat(failure("garbled")).hasMessageStartingWith(base + "garbled: ")
                .hasMessageNotContaining(SECRET);
        wireMock.verify(getRequestedFor(urlPathEqualTo("/v2/facts/p1/e1/tenants/down"))
                .withQueryParam("apiKey", equalTo(SECRET)));
    }

    @Test
    void noAnswer_isAFailure_causedByTheNetworkError_itself() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        directory = new HttpTenantDirectory(new Http("http://127.0.0.1:" + closedPort
                + "/{project}/{environment}/{tenant}", TIMEOUT, null, false), name -> null);

        DirectoryException failure = failure("acme");

        assertThat(failure.getCause()).isInstanceOf(ConnectException.class);
        assertThat(failure).hasMessageStartingWith(
                "directory http://127.0.0.1:" + closedPort + "/p1/e1/acme did not answer: java.net.ConnectException");
    }

    @Test
    void aBodyThatArrivesAfterTheRequestTimeout_butWithinTwiceIt_isStillRead() {
        wireMock.stubFor(get(urlPathEqualTo("/v2/facts/p1/e1/tenants/acme"))
                .willReturn(okJson("{\"tenantKey\":\"ACME-1\", \"padding\":\"" + "x".repeat(64) + "\"}")
                        .withChunkedDribbleDelay(8, 2_000)));
        // the head comes at once, the body over 2 s: past the 2 s request timeout's half, well within its double
        directory(Duration.ofSeconds(2), false);
        assertThat(lookup("p1", "warm-up", null)).isEqualTo(new DirectoryAnswer.NotFound());

        assertThat(lookup("p1", "acme", null)).isEqualTo(new DirectoryAnswer.Found("ACME-1", null));
    }

    @Test
    void lookupAfterClose_failsWithoutSending() {
        directory(TIMEOUT, false).close();

        assertThat(failure("acme")).hasMessage("directory request not sent")
                .hasCauseInstanceOf(RejectedExecutionException.class);
        assertThat(wireMock.getAllServeEvents()).isEmpty();
    }

    @Test
    void clientThreads_areDaemons_soTheyNeverHoldTheJvmOpen() {
        directory(TIMEOUT, false);
        assertThat(lookup("p1", "ghost", null)).isEqualTo(new DirectoryAnswer.NotFound());

        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(thread -> thread.getName().startsWith("tenant-directory-http-"))
                .isNotEmpty()
                .allSatisfy(thread -> assertThat(thread.isDaemon()).as(thread.getName()).isTrue());
    }

    private String template(String query) {
        return "http://127.0.0.1:" + wireMock.port() + "/v2/facts/{project}/{environment}/tenants/{tenant}" + query;
    }

    private DirectoryException failure(String tenant) {
        CompletableFuture<DirectoryAnswer> answer = directory.lookup(new TenantQuery("p1", "e1", tenant, null));
        CompletionException thrown = catchThrowableOfType(CompletionException.class, answer::join);
        assertThat(thrown).hasCauseInstanceOf(DirectoryException.class);
        return (DirectoryException) thrown.getCause();
    }

    @Test
    void missingCredentialVariable_isAConfigurationError() {
        Http config = new Http("http://127.0.0.1:1/{project}/{environment}/{tenant}", Duration.ofSeconds(1),
                "NOT_SET_ANYWHERE", false);

        assertThatThrownBy(() -> new HttpTenantDirectory(config, name -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tenants.http.credentialEnv");
    }

    @Test
    void templateWithoutTenantPlaceholder_isAConfigurationError() {
        Http config = new Http("http://127.0.0.1:1/{project}/{environment}", Duration.ofSeconds(1), null, false);

        assertThatThrownBy(() -> new HttpTenantDirectory(config, name -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tenants.http.url");
    }
}
