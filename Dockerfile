# Frontier Watch: multi-stage build (Maven, JDK 17) and a JRE runtime running as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --create-home --home-dir /app frontier \
    && mkdir -p /app/state && chown 10001 /app/state
WORKDIR /app
COPY --from=build /src/target/frontier-watch.jar /app/frontier-watch.jar
COPY config /app/config
USER 10001
EXPOSE 8080
ENV FW_METRICS_ADDRESS=0.0.0.0 FW_STATE_DIR=/app/state
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/frontier-watch.jar"]
CMD ["run"]
