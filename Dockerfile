# Multi-stage build: the Maven build in a JDK image, then a JRE 21 runtime image, as a non-root user.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -ntp -DskipTests package

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/upwatch upwatch \
 && mkdir -p /var/lib/upwatch /etc/upwatch && chown upwatch /var/lib/upwatch
COPY --from=build /src/status-web/target/upwatch.jar /opt/upwatch/upwatch.jar
USER upwatch
WORKDIR /var/lib/upwatch
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /healthz HTTP/1.0\r\n\r\n" >&3 && head -n 1 <&3 | grep -q " 200 "'
ENTRYPOINT ["java", "-Dguice_bytecode_gen_option=DISABLED", "-jar", "/opt/upwatch/upwatch.jar"]
CMD ["--config", "/etc/upwatch/upwatch.yml"]
