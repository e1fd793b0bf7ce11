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

# Runtime stage: a JRE, the router jar and its launcher (the JVM options the project ships), a non-root user.
FROM eclipse-temurin:17-jre
# OCI labels. VERSION follows the Maven project (a test keeps it in step); the source and the licence are not decided
# in the repository yet: pass them when building a release, e.g.
#   docker build --build-arg VERSION=0.1.0 --build-arg REVISION=$(git rev-parse HEAD) \
#       --build-arg SOURCE=https://git.example.com/scim-tenant-router --build-arg LICENSES=Apache-2.0 .
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
ARG SOURCE=unknown
ARG LICENSES=NOASSERTION
LABEL org.opencontainers.image.title="scim-tenant-router" \
      org.opencontainers.image.description="Reverse proxy that adds tenant URL forms (/v2, /v2/{tenant}) in front of an existing SCIM 2.0 service" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="${LICENSES}"
# A fixed numeric user, so that Kubernetes' runAsNonRoot can check it (runAsUser: 10001 in deploy/kubernetes).
RUN groupadd --system --gid 10001 router \
    && useradd --system --uid 10001 --gid router --home-dir /app --shell /usr/sbin/nologin router
WORKDIR /app
COPY --from=build /src/proxy/target/scim-tenant-router.jar /app/lib/scim-tenant-router.jar
COPY --chmod=0755 bin/scim-tenant-router /app/bin/scim-tenant-router
COPY config /app/config
# Inside a container both listeners must accept connections from outside it: Kubernetes probes and Prometheus
# reach the admin listener on the pod IP. Its mutating endpoints (cache invalidation) still answer loopback callers
# only, or callers with the admin token (SCIM_ROUTER_ADMIN_TOKEN_ENV names its variable). The access log is JSON.
ENV SCIM_ROUTER_SERVER_HOST=0.0.0.0 \
    SCIM_ROUTER_ADMIN_HOST=0.0.0.0 \
    SCIM_ROUTER_LOG_ACCESS_FORMAT=json
USER 10001:10001
EXPOSE 8080 9090
# For plain Docker (Kubernetes uses its own probes): GET /livez on the admin port, by bash's /dev/tcp, since the
# base image promises no curl or wget. A different admin.port in the configuration file: set
# SCIM_ROUTER_ADMIN_PORT too (or docker run --health-cmd); admin.port -1 turns the listener and this check off.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SCIM_ROUTER_ADMIN_PORT:-9090} && printf 'GET /livez HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && read -r -t 2 status <&3 && [[ $status == 'HTTP/1.1 200 '* ]]"]
# Configuration: mount a file and pass --config /config/router.yaml, or set SCIM_ROUTER_* variables.
# JVM options: the launcher's (README "Footprint": heap 64 MB; peak RSS 124.9 to 133.6 MiB in the compare.sh runs of
# 2026-12-06, 137.4 with io_uring, about 135 MiB after the 85-minute soak); JAVA_OPTS replaces them.
# SIGTERM drains (server.drain.timeout, default 30s): give the pod terminationGracePeriodSeconds above it. The launcher
# execs java, so java is PID 1 and gets the signal.
# TLS: mount the certificate directory read-only (-v $PWD/tls:/etc/scim-router/tls:ro) and set
# SCIM_ROUTER_SERVER_TLS_CERTIFICATE_FILE and SCIM_ROUTER_SERVER_TLS_PRIVATE_KEY_FILE to the files in it. OpenSSL's
# native library is unpacked into /tmp: keep /tmp writable and executable (a tmpfs with exec on a read-only root),
# else the JDK's TLS serves; the start-up log says which.
ENTRYPOINT ["/app/bin/scim-tenant-router"]
