# syntax=docker/dockerfile:1
#
# Production image of the temporary-id case processor.
#   docker build -t temporary-id:0.1.0-SNAPSHOT .
# Run it with the `postgres` profile (see docker-compose.yml and .env.example); the image holds no
# configuration and no secrets.

# ---- build ------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build

# Dependencies first, so that a source change does not download the world again. The cache mount
# keeps ~/.m2 between builds (BuildKit); go-offline is best effort (some plugins resolve lazily).
COPY pom.xml ./
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q dependency:go-offline || true

# Everything the jar is built from: Java sources and resources, plus the BPMN and DMN files that
# the pom puts on the classpath as they are.
COPY src ./src
COPY processes ./processes
COPY dmn ./dmn
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -DskipTests package \
 && cp target/temporary-id-0.1.0-SNAPSHOT.jar /build/app.jar

# ---- run --------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre

# A fixed, unprivileged system user (uid 10001 stays clear of Ubuntu's default uid 1000 "ubuntu").
RUN groupadd --system --gid 10001 tempid \
 && useradd --system --uid 10001 --gid tempid --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin tempid

WORKDIR /app
# Owned by root and read-only for the app user: the process cannot rewrite its own code.
COPY --from=build --chown=root:root --chmod=0644 /build/app.jar /app/app.jar

USER 10001:10001

# Size the heap from the container's memory limit; die (and get restarted) instead of limping on.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

EXPOSE 8080

# The JRE image has neither curl nor wget: bash's /dev/tcp asks /actuator/health and expects
# "HTTP/1.1 200" (actuator answers 503 when DOWN). The engine and Flyway need time on first start.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["java","-jar","/app/app.jar"]
