package io.scimrouter.tenant;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.scimrouter.config.ConfigException;
import io.scimrouter.config.RouterConfig.Tenants.StaticTenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class StaticTenantDirectoryTest {
    private static final Duration POLL = Duration.ofMillis(20);

    @TempDir
    Path dir;
    private Path file;
    private StaticTenantDirectory directory;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger watcherLogger = (Logger) LoggerFactory.getLogger(TenantsFileWatcher.class);

    @BeforeEach
    void captureLogs() {
        file = dir.resolve("tenants.yaml");
        logs.start();
        watcherLogger.addAppender(logs);
    }

    @AfterEach
    void close() {
        watcherLogger.detachAppender(logs);
        if (directory != null) {
            directory.close();
        }
    }

    private DirectoryAnswer lookup(String project, String environment, String tenant) {
        return directory.lookup(new TenantQuery(project, environment, tenant, null)).join();
    }

    private void write(String content) throws IOException {
        Files.writeString(file, content);
    }

    private long warnings() {
        return logs.list.stream().filter(event -> event.getLevel() == Level.WARN).count();
    }

    @Test
    void staticList_only() {
        directory = new StaticTenantDirectory(List.of(new StaticTenants("p1", "e1", List.of("acme"))), null, POLL);

        assertThat(lookup("p1", "e1", "acme")).isEqualTo(new DirectoryAnswer.Found("acme", null));
        assertThat(lookup("p2", "e1", "acme")).isEqualTo(new DirectoryAnswer.NotFound());
        assertThat(lookup("p1", "e1", "ACME")).isEqualTo(new DirectoryAnswer.NotFound());
    }

    @Test
    void file_yamlWithKeysAndUpstreams_mergedWithTheStaticList() throws IOException {
        write("""
                - project: p1
                  environment: e1
                  tenants:
                    - beta
                    - key: big
                      upstream: http://10.0.0.7:8080
                """);
        directory = new StaticTenantDirectory(List.of(new StaticTenants("p1", "e1", List.of("acme"))), file, POLL);

        assertThat(lookup("p1", "e1", "acme")).isEqualTo(new DirectoryAnswer.Found("acme", null));
        assertThat(lookup("p1", "e1", "beta")).isEqualTo(new DirectoryAnswer.Found("beta", null));
        assertThat(lookup("p1", "e1", "big"))
                .isEqualTo(new DirectoryAnswer.Found("big", URI.create("http://10.0.0.7:8080")));
    }

    @Test
    void file_json() throws IOException {
        file = dir.resolve("tenants.json");
        write("[{\"project\":\"p1\",\"environment\":\"e1\",\"tenants\":[\"acme\",{\"key\":\"big\"}]}]");
        directory = new StaticTenantDirectory(List.of(), file, POLL);

        assertThat(lookup("p1", "e1", "big")).isEqualTo(new DirectoryAnswer.Found("big", null));
    }

    @Test
    void file_addedTenantBecomesKnown_withoutRestart() throws IOException {
        write("- {project: p1, environment: e1, tenants: [acme]}\n");
        directory = new StaticTenantDirectory(List.of(), file, POLL);
        assertThat(lookup("p1", "e1", "newco")).isEqualTo(new DirectoryAnswer.NotFound());

        write("- {project: p1, environment: e1, tenants: [acme, newco]}\n");

        await().atMost(Duration.ofSeconds(10)).pollInterval(POLL)
                .until(() -> lookup("p1", "e1", "newco"), answer -> answer instanceof DirectoryAnswer.Found);
        assertThat(lookup("p1", "e1", "acme")).isInstanceOf(DirectoryAnswer.Found.class);
    }

    @Test
    void file_badVersionKeepsTheLastGoodList_andIsLoggedOnce() throws IOException {
        write("- {project: p1, environment: e1, tenants: [acme]}\n");
        directory = new StaticTenantDirectory(List.of(), file, POLL);

        write("- {project: p1, environment: e1, tenants: [acme\n  this is: [not yaml");
        await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> warnings() == 1);
        assertThat(lookup("p1", "e1", "acme")).isInstanceOf(DirectoryAnswer.Found.class);

        write("- {project: p1, environment: e1, tenants: [acme, fixed]}\n");
        await().atMost(Duration.ofSeconds(10)).pollInterval(POLL)
                .until(() -> lookup("p1", "e1", "fixed"), answer -> answer instanceof DirectoryAnswer.Found);
        assertThat(warnings()).isEqualTo(1);
    }

    @Test
    void file_deletedKeepsTheLastGoodList() throws IOException {
        write("- {project: p1, environment: e1, tenants: [acme]}\n");
        directory = new StaticTenantDirectory(List.of(), file, POLL);

        Files.delete(file);
        await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> warnings() == 1);

        assertThat(lookup("p1", "e1", "acme")).isInstanceOf(DirectoryAnswer.Found.class);
    }

    @Test
    void file_unusableAtStart_isAConfigurationError() throws IOException {
        write("- {project: p1, environment: e1, tenants: [{key: big, upstream: 'ftp://x'}]}\n");

        assertThatThrownBy(() -> new StaticTenantDirectory(List.of(), file, POLL))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tenants.file");
        assertThatThrownBy(() -> new StaticTenantDirectory(List.of(), dir.resolve("missing.yaml"), POLL))
                .isInstanceOf(ConfigException.class);
    }
}
