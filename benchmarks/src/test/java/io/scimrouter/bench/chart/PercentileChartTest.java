package io.scimrouter.bench.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PercentileChartTest {
    @Test
    void svg_drawsOneLabelledCurvePerSeries() {
        List<double[]> points = List.of(new double[] {0, 0.2}, new double[] {90, 0.5}, new double[] {99.9, 4.0},
                new double[] {100, 9.0});

        String svg = PercentileChart.svg("a <title>", List.of(new PercentileChart.Series("nginx", points),
                new PercentileChart.Series("router & co", points)));

        assertThat(svg).startsWith("<svg").endsWith("</svg>\n");
        assertThat(svg.split("<path ", -1)).hasSize(3);
        assertThat(svg).contains(">nginx<", ">router &amp; co<", "a &lt;title&gt;", ">99.9%<");
    }
}
