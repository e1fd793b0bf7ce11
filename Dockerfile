# syntax=docker/dockerfile:1
# Build stage: the whole Maven build, tests skipped (CI runs them).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY proxy/pom.xml proxy/
COPY benchmarks/pom.xml benchmarks/
RUN mvn -B -ntp -q -pl proxy -am dependency:go-offline || true
COPY proxy proxy
COPY benchmarks benchmarks
RUN mvn -B -ntp -q -pl proxy -am -DskipTests package

# Runtime stage: a JRE, the router jar, a non-root user.
FROM eclipse-temurin:17-jre
RUN groupadd --system router && useradd --system --gid router --home-dir /app --shell /usr/sbin/nologin router
WORKDIR /app
COPY --from=build /src/proxy/target/scim-tenant-router.jar /app/scim-tenant-router.jar
COPY config /app/config
# Inside a container both listeners must accept connections from outside it: Kubernetes probes and Prometheus
# reach the admin listener on the pod IP. Its mutating endpoints (cache invalidation) still answer loopback callers
# only, or callers with the admin token (SCIM_ROUTER_ADMIN_TOKEN_ENV names its variable). The access log is JSON.
ENV SCIM_ROUTER_SERVER_HOST=0.0.0.0 \
    SCIM_ROUTER_ADMIN_HOST=0.0.0.0 \
    SCIM_ROUTER_LOG_ACCESS_FORMAT=json \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER router
EXPOSE 8080 9090
# Configuration: mount a file and pass --config /config/router.yaml, or set SCIM_ROUTER_* variables.
# SIGTERM drains (server.drain.timeout, default 30s): give the pod terminationGracePeriodSeconds above it.
# TLS: mount the certificate directory read-only (-v $PWD/tls:/etc/scim-router/tls:ro) and set
# SCIM_ROUTER_SERVER_TLS_CERTIFICATE_FILE and SCIM_ROUTER_SERVER_TLS_PRIVATE_KEY_FILE to the files in it. OpenSSL's
# native library is unpacked into /tmp: keep /tmp writable and executable (a tmpfs with exec on a read-only root),
# else the JDK's TLS serves; the start-up log says which.
ENTRYPOINT ["java", "-jar", "/app/scim-tenant-router.jar"]
