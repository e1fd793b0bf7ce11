package io.scimrouter.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The soak figures from scripted process readings on a manual clock, and one real reading of this JVM. */
class SoakWatchTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(7 * SECOND);
    private final AtomicLong rssKib = new AtomicLong(100 * 1024);
    private final AtomicLong ticks = new AtomicLong(500);
    private final AtomicLong hwmKib = new AtomicLong(0);

    private final SoakWatch.ProcessProbe probe = new SoakWatch.ProcessProbe() {
        @Override
        public long rssKib(long pid) {
            return rssKib.get();
        }

        @Override
        public long peakRssKib(long pid) {
            return hwmKib.get();
        }

        @Override
        public long cpuTicks(long pid) {
            return ticks.get();
        }
    };

    private final SoakWatch watch = new SoakWatch(42, Duration.ofSeconds(10), probe, now::get);

    @Test
    void samplesEveryInterval_withRssCpuAndRates() {
        watch.start();
        step(5, 200 * 1024, 50);
        watch.progress(true, 0, 0); // 5 s: not yet an interval
        step(5, 200 * 1024, 50);
        watch.progress(true, 0, 0); // 10 s: warm-up sample
        step(10, 150 * 1024, 100);
        watch.progress(false, 2000, 1); // 20 s: 200 answers/s, 1 s of CPU in 10 s
        step(10, 160 * 1024, 50);
        watch.finish(3000, 1);

        assertThat(watch.samples()).hasSize(4);
        SoakWatch.Sample measured = watch.samples().get(2);
        assertThat(measured.elapsedSeconds()).isEqualTo(20.0);
        assertThat(measured.rps()).isEqualTo(200.0);
        assertThat(measured.cpuPercent()).as("100 ticks of 1/100 s in 10 s").isEqualTo(10.0);
        assertThat(measured.rssMib()).isEqualTo(150.0);
        assertThat(watch.rssStartMib()).isEqualTo(100.0);
        assertThat(watch.rssAfterWarmupMib()).isEqualTo(150.0);
        assertThat(watch.rssPeakMib()).as("the 200 MiB sample").isEqualTo(200.0);
        assertThat(watch.rssEndMib()).isEqualTo(160.0);
        assertThat(watch.cpuSeconds()).isEqualTo(2.5);
        assertThat(watch.cpuPercent()).isEqualTo(2.5 / 30 * 100, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void peak_takesTheKernelsHighWaterMark_whenItIsHigher() {
        watch.start();
        hwmKib.set(300 * 1024);
        step(10, 100 * 1024, 0);
        watch.finish(0, 0);

        assertThat(watch.rssPeakMib()).isEqualTo(300.0);
    }

    @Test
    void csv_hasAHeaderAndOneRowPerSample() {
        watch.start();
        step(10, 120 * 1024, 20);
        watch.progress(false, 500, 0);
        step(10, 120 * 1024, 20);
        watch.finish(1000, 2);

        assertThat(watch.csv().lines().toList()).containsExactly(
                "elapsed_s,warming_up,answered,errors,req_per_s,rss_mib,cpu_percent,cpu_s",
                "0.0,true,0,0,0.0,100.0,0.0,0.00",
                "10.0,false,500,0,50.0,120.0,2.0,0.20",
                "20.0,false,1000,2,50.0,120.0,2.0,0.40");
        assertThat(watch.table()).contains("rss MiB      start 100.0  after warm-up 120.0  peak 120.0  end 120.0")
                .contains("cpu          0.4 s, 2.0 % of a core on average");
    }

    @Test
    void proc_readsThisJvm() {
        long self = ProcessHandle.current().pid();

        assertThat(SoakWatch.ProcessProbe.PROC.rssKib(self)).isPositive();
        assertThat(SoakWatch.ProcessProbe.PROC.peakRssKib(self))
                .isGreaterThanOrEqualTo(SoakWatch.ProcessProbe.PROC.rssKib(self) / 2);
        assertThat(SoakWatch.ProcessProbe.PROC.cpuTicks(self)).isPositive();
    }

    private void step(long seconds, long rss, long moreTicks) {
        now.addAndGet(seconds * SECOND);
        rssKib.set(rss);
        ticks.addAndGet(moreTicks);
    }
}
