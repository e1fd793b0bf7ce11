package io.scimrouter.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What each reload outcome says, as the admin endpoint and the reload metric's label pass it on. */
class ReloadOutcomeTest {

    @Test
    void success_namesTheAppliedKeys() {
        ReloadOutcome outcome = ReloadOutcome.success(List.of("limits.cache.maxSize", "log.level"));
        assertThat(outcome.result()).isEqualTo(ReloadOutcome.Result.SUCCESS);
        assertThat(outcome.message()).isEqualTo("applied: limits.cache.maxSize, log.level");
        assertThat(outcome.keys()).containsExactly("limits.cache.maxSize", "log.level");
    }

    @Test
    void failed_saysTheRunningConfigurationStays() {
        ReloadOutcome outcome = ReloadOutcome.failed("server.port: 'x' is not a whole number");
        assertThat(outcome.result()).isEqualTo(ReloadOutcome.Result.FAILED);
        assertThat(outcome.message())
                .isEqualTo("server.port: 'x' is not a whole number; the running configuration stays");
        assertThat(outcome.keys()).isEmpty();
    }

    @Test
    void refused_namesTheKeysThatNeedARestart() {
        ReloadOutcome outcome = ReloadOutcome.refused(List.of("server.port", "admin.port"));
        assertThat(outcome.result()).isEqualTo(ReloadOutcome.Result.REFUSED);
        assertThat(outcome.message()).isEqualTo(
                "not reloadable, restart to change: server.port, admin.port; the running configuration stays");
        assertThat(outcome.keys()).containsExactly("server.port", "admin.port");
    }

    @Test
    void unchanged() {
        ReloadOutcome outcome = ReloadOutcome.unchanged();
        assertThat(outcome.result()).isEqualTo(ReloadOutcome.Result.UNCHANGED);
        assertThat(outcome.message()).isEqualTo("the file means the configuration in force");
        assertThat(outcome.keys()).isEmpty();
    }

    @Test
    void keys_areACopy() {
        List<String> keys = new ArrayList<>(List.of("log.level"));
        ReloadOutcome outcome = ReloadOutcome.success(keys);
        keys.add("server.port");
        assertThat(outcome.keys()).containsExactly("log.level");
    }

    @Test
    void labels_areTheLowerCaseNames() {
        assertThat(ReloadOutcome.Result.SUCCESS.label()).isEqualTo("success");
        assertThat(ReloadOutcome.Result.FAILED.label()).isEqualTo("failed");
        assertThat(ReloadOutcome.Result.REFUSED.label()).isEqualTo("refused");
        assertThat(ReloadOutcome.Result.UNCHANGED.label()).isEqualTo("unchanged");
    }
}
