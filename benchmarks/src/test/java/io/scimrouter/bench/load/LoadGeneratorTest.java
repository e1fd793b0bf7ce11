package io.scimrouter.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimrouter.bench.stub.StubBackend;
import io.scimrouter.bench.stub.StubOptions;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Latency accounting against a real stub backend on loopback; numbers are chosen with wide margins. */
class LoadGeneratorTest {
    private StubBackend stub;

    @AfterEach
    void stop() {
        if (stub != null) {
            stub.close();
        }
    }

    private LoadOptions against(StubOptions stubOptions) throws InterruptedException {
        stub = StubBackend.start(stubOptions, 1);
        return LoadOptions.defaults(URI.create("http://127.0.0.1:" + stub.port() + "/scim/v2/p1/e1"));
    }

    @Test
    void openLoop_issuesExactlyRateTimesDurationAndKeepsUp() throws Exception {
        LoadOptions options = against(StubOptions.loopbackEphemeral())
                .withRate(400, 4).withBounds(Duration.ZERO, Duration.ofSeconds(2), Long.MAX_VALUE);

        LoadReport report = new LoadGenerator(options).run(p -> { });

        assertThat(report.issued()).isEqualTo(800);
        assertThat(report.completed()).isEqualTo(800);
        assertThat(report.ok()).isEqualTo(800);
        assertThat(report.errors()).isEmpty();
        assertThat(report.elapsedSeconds()).isBetween(1.9, 2.6);
        assertThat(report.throughput()).isBetween(300.0, 420.0);
        assertThat(report.megabytesPerSecond()).isGreaterThan(0.2);
        assertThat(stub.requestCount()).isEqualTo(800);
    }

    @Test
    void openLoop_oneSecondStallShowsInTheTailBecauseWaitingRequestsKeepTheirIntendedStart() throws Exception {
        // request 200 (due at 1.0 s) is held for 1 s; the ~200 requests due meanwhile queue behind it
        LoadOptions options = against(StubOptions.loopbackEphemeral().withStallOnce(200, Duration.ofSeconds(1)))
                .withRate(200, 1).withBounds(Duration.ZERO, Duration.ofSeconds(3), Long.MAX_VALUE);

        LoadReport report = new LoadGenerator(options).run(p -> { });

        assertThat(report.issued()).isEqualTo(600);
        assertThat(report.completed()).isEqualTo(600);
        assertThat(report.latency().max()).isGreaterThanOrEqualTo(990.0);
        assertThat(report.latency().p99()).isGreaterThanOrEqualTo(900.0);
        // a third of all requests waited; the 90th percentile sits deep inside the stall
        assertThat(report.latency().p90()).isGreaterThanOrEqualTo(500.0);
        assertThat(report.latency().p50()).isLessThan(100.0);
    }

    @Test
    void closedLoop_sameStallHidesInOneSample_whichIsWhyTheOpenLoopIsTheDefault() throws Exception {
        LoadOptions options = against(StubOptions.loopbackEphemeral().withStallOnce(200, Duration.ofSeconds(1)))
                .withRate(0, 1).withBounds(Duration.ZERO, Duration.ofSeconds(30), 600);

        LoadReport report = new LoadGenerator(options).run(p -> { });

        assertThat(report.completed()).isEqualTo(600);
        assertThat(report.latency().max()).isGreaterThanOrEqualTo(990.0);
        assertThat(report.latency().p90()).isLessThan(100.0);
    }

    @Test
    void fixedServerDelay_showsInTheMedian() throws Exception {
        LoadOptions options = against(StubOptions.loopbackEphemeral().withDelay(Duration.ofMillis(200)))
                .withRate(20, 8).withBounds(Duration.ZERO, Duration.ofSeconds(2), Long.MAX_VALUE);

        LoadReport report = new LoadGenerator(options).run(p -> { });

        assertThat(report.completed()).isEqualTo(40);
        assertThat(report.latency().p50()).isBetween(199.0, 400.0);
    }

    @Test
    void overloadedConnections_queueingDelayGrowsInsteadOfTheRateDropping() throws Exception {
        // 2 connections x 5 answers/s = 10/s capacity against 40/s arrivals: the queue grows for 1.5 s
        LoadOptions options = against(StubOptions.loopbackEphemeral().withDelay(Duration.ofMillis(200)))
                .withRate(40, 2).withBounds(Duration.ZERO, Duration.ofMillis(1500), Long.MAX_VALUE);

        LoadReport report = new LoadGenerator(options).run(p -> { });

        assertThat(report.issued()).isEqualTo(60);
        assertThat(report.completed()).isEqualTo(60);
        assertThat(report.latency().max()).isGreaterThan(4000.0);
    }

    @Test
    void closedLoop_stopsAtMaxRequests() throws Exception {
        LoadOptions options = against(StubOptions.loopbackEphemeral())
                .withRate(0, 4).withBounds(Duration.ZERO, Duration.ofSeconds(30), 1000);

        LoadReport report = new LoadGenerator(options).run(p -> { });

        assertThat(report.issued()).isEqualTo(1000);
        assertThat(report.completed()).isEqualTo(1000);
        assertThat(stub.requestCount()).isEqualTo(1000);
        assertThat(report.elapsedSeconds()).isLessThan(20.0);
    }

    @Test
    void warmup_isServedButNotReported() throws Exception {
        LoadOptions options = against(StubOptions.loopbackEphemeral())
                .withRate(100, 2).withBounds(Duration.ofMillis(500), Duration.ofSeconds(1), Long.MAX_VALUE);

        LoadReport report = new LoadGenerator(options).run(p -> { });

        assertThat(report.issued()).isEqualTo(100);
        assertThat(stub.requestCount()).isEqualTo(150);
    }

    @Test
    void measurementWindow_opensAfterTheWarmupAndClosesOnceAfterTheLastMeasuredAnswer() throws Exception {
        LoadOptions options = against(StubOptions.loopbackEphemeral())
                .withRate(100, 2).withBounds(Duration.ofMillis(500), Duration.ofSeconds(1), Long.MAX_VALUE);
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicLong answeredAtOpen = new AtomicLong(-1);
        LoadGenerator.MeasurementWindow window = new LoadGenerator.MeasurementWindow() {
            @Override
            public void opened() {
                events.add("opened");
                answeredAtOpen.set(stub.requestCount());
            }

            @Override
            public void closed() {
                events.add("closed");
            }
        };

        LoadReport report = new LoadGenerator(options).run(p -> { }, window);

        assertThat(events).containsExactly("opened", "closed");
        // about 50 warm-up requests were served before the window opened
        assertThat(answeredAtOpen.get()).isBetween(30L, 60L);
        assertThat(report.completed()).isEqualTo(100);
    }

    @Test
    void slowAnswers_countAsTimeoutsByKind() throws Exception {
        LoadOptions base = against(StubOptions.loopbackEphemeral().withDelay(Duration.ofMillis(800)));
        LoadOptions options = new LoadOptions(base.baseUrl(), "secret", Scenario.PROVISIONING_MIX, 3, "t", 10, 4,
                Duration.ZERO, Duration.ofMillis(500), Long.MAX_VALUE, Duration.ofMillis(200));

        LoadReport report = new LoadGenerator(options).run(p -> { });

        assertThat(report.issued()).isEqualTo(5);
        assertThat(report.ok()).isZero();
        assertThat(report.errors()).containsEntry("timeout", 5L);
    }

    @Test
    void progress_isReportedWhileRunning() throws Exception {
        LoadOptions options = against(StubOptions.loopbackEphemeral())
                .withRate(50, 2).withBounds(Duration.ZERO, Duration.ofMillis(2500), Long.MAX_VALUE);
        AtomicInteger lines = new AtomicInteger();

        new LoadGenerator(options).run(p -> {
            if (p.answered() > 0) {
                lines.incrementAndGet();
            }
        });

        assertThat(lines.get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void unreachableTarget_failsWithAClearMessage() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }
        LoadOptions options = LoadOptions.defaults(URI.create("http://127.0.0.1:" + freePort + "/scim"))
                .withBounds(Duration.ZERO, Duration.ofSeconds(1), 10);

        assertThatThrownBy(() -> new LoadGenerator(options).run(p -> { }))
                .isInstanceOf(io.scimrouter.bench.cli.TargetUnreachableException.class)
                .hasMessage("cannot connect to 127.0.0.1:" + freePort + ": connection refused");
    }
}
