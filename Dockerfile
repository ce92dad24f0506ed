# Frontier Watch: multi-stage build (Maven, JDK 17) and a JRE runtime running as a non-root user.
# Base images pinned to exact releases (Maven 3.9.9 on Temurin 17; Temurin JRE 17.0.15+6): a rebuild gets what was tested.
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17.0.15_6-jre
RUN useradd --system --uid 10001 --create-home --home-dir /app frontier \
    && mkdir -p /app/state && chown 10001 /app/state
WORKDIR /app
COPY --from=build /src/target/frontier-watch.jar /app/frontier-watch.jar
COPY config /app/config
USER 10001
EXPOSE 8080
ENV FW_METRICS_ADDRESS=0.0.0.0 FW_STATE_DIR=/app/state
# Exec form, no shell: `health` asks GET /health on 127.0.0.1:$FW_METRICS_PORT (default 8080), exit 0 only on 200.
# A small client JVM (C1 only, serial GC, 64 MB heap) so that the check costs little every 10 s.
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
    CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-jar", "/app/frontier-watch.jar", "health"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/frontier-watch.jar"]
CMD ["run"]
