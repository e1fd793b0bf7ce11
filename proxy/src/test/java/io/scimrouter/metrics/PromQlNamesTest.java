package io.scimrouter.metrics;

import io.scimrouter.metrics.PromQlNames.LabelMatcher;
import io.scimrouter.metrics.PromQlNames.Selector;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromQlNamesTest {
    @Test
    void histogramQuantile_findsTheBucketSeriesAndGroupingLabels_notTheFunctionsOrTheRange() {
        PromQlNames names = PromQlNames.of("histogram_quantile(0.99, sum by (le, route) "
                + "(rate(scim_router_request_duration_seconds_bucket{job=~\"$job\"}[$__rate_interval])))");

        assertThat(names.selectors()).containsExactly(new Selector("scim_router_request_duration_seconds_bucket",
                List.of(new LabelMatcher("job", "=~", "$job"))));
        assertThat(names.groupingLabels()).containsExactly("le", "route");
    }

    @Test
    void binaryOperators_vectorMatching_andComparisons() {
        PromQlNames names = PromQlNames.of("sum by (job, instance, reason) (rate(a_total{reason!=\"x, y\"}[5m]))\n"
                + "  / on (job, instance) group_left\nsum without (method) (rate(b_total[5m])) > 0.05 and bool c "
                + "unless d{route=\"v2\", status=~\"4xx|5xx\"} offset 5m or 1e3");

        assertThat(names.selectors()).extracting(Selector::metric).containsExactly("a_total", "b_total", "c", "d");
        assertThat(names.selectors().get(0).matchers()).containsExactly(new LabelMatcher("reason", "!=", "x, y"));
        assertThat(names.selectors().get(3).matchers()).containsExactly(new LabelMatcher("route", "=", "v2"),
                new LabelMatcher("status", "=~", "4xx|5xx"));
        assertThat(names.groupingLabels()).containsExactly("job", "instance", "reason", "method");
    }

    @Test
    void unreadableMatchers_andNamelessSelectors_failRatherThanBeSkipped() {
        assertThatThrownBy(() -> PromQlNames.of("a{route=legacy}")).hasMessageContaining("matchers not understood");
        assertThatThrownBy(() -> PromQlNames.of("{__name__=\"a\"}")).hasMessageContaining("without a metric name");
    }
}
