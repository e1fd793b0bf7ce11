package io.scimrouter;

import io.scimrouter.config.RouterConfig;
import org.slf4j.LoggerFactory;

/** log.level, applied to the router's own loggers at start and by a reload. */
final class LogLevels {
    private LogLevels() {
    }

    /** Over logback.xml's default (which reads SCIM_ROUTER_LOG_LEVEL itself for the first lines). */
    static void apply(RouterConfig.Level level) {
        if (LoggerFactory.getLogger("io.scimrouter") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.toLevel(level.name()));
        }
    }

    /** The level in force now, for tests. */
    static String current() {
        return LoggerFactory.getLogger("io.scimrouter") instanceof ch.qos.logback.classic.Logger logger
                && logger.getLevel() != null ? logger.getLevel().toString() : null;
    }
}
