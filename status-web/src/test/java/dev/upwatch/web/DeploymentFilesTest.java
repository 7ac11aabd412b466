package dev.upwatch.web;

import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No Docker engine runs where the tests run, so the Dockerfile and docker-compose.yml are checked for their
 * essentials here, to keep them from rotting unnoticed.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("..");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void composeRunsUpwatchWithPostgresqlHealthchecksAndAVolume() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Object> services = map(compose.get("services"));
        Map<String, Object> app = map(services.get("upwatch"));
        Map<String, Object> db = map(services.get("db"));

        assertEquals(".", app.get("build"), "built from this repository's Dockerfile");
        assertEquals(List.of("8080:8080"), app.get("ports"));
        assertTrue(map(app.get("environment")).containsKey("UPWATCH_DB_PASSWORD"));
        assertTrue(((List<String>) app.get("volumes")).contains("./docs/examples/docker.yml:/etc/upwatch/upwatch.yml:ro"),
                "the configuration is mounted read-only where the image's CMD expects it");
        assertEquals("service_healthy", map(map(app.get("depends_on")).get("db")).get("condition"));

        assertTrue(db.get("image").toString().startsWith("postgres:16"), "PostgreSQL 16");
        assertTrue(((List<String>) db.get("volumes")).get(0).startsWith("upwatch-db:/var/lib/postgresql/data"));
        assertTrue(map(compose.get("volumes")).containsKey("upwatch-db"), "a named volume keeps the data");
        assertTrue(map(db.get("healthcheck")).get("test").toString().contains("pg_isready"));
        assertEquals(map(db.get("environment")).get("POSTGRES_USER"), "upwatch");
    }

    @Test
    void theMountedConfigurationIsValidAndPointsAtTheComposeDatabase() throws Exception {
        UpwatchConfig config = new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()),
                Map.of("UPWATCH_DB_PASSWORD", "secret")).load(ROOT.resolve("docs/examples/docker.yml"));
        assertEquals("jdbc:postgresql://db:5432/upwatch", config.storage().jdbcUrl().orElseThrow());
        assertEquals(8080, config.server().port());
    }

    @Test
    void theDockerfileBuildsWithMavenAndRunsAJre21AsANonRootUserWithAHealthcheck() throws Exception {
        List<String> lines = Files.readAllLines(ROOT.resolve("Dockerfile")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(2, froms.size(), "multi-stage: build, then runtime");
        assertTrue(froms.get(0).matches("FROM eclipse-temurin:21-jdk AS build"), froms.get(0));
        assertEquals("FROM eclipse-temurin:21-jre", froms.get(1));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("RUN ./mvnw") && l.contains("package")), "built with the wrapper");
        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertNotEquals("USER root", user);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("HEALTHCHECK") ), "has a healthcheck");
        assertTrue(String.join("\n", lines).contains("/healthz"), "the healthcheck asks /healthz");
        assertTrue(lines.contains("EXPOSE 8080"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("COPY --from=build /src/status-web/target/upwatch.jar")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("CMD [\"--config\", \"/etc/upwatch/upwatch.yml\"]")));
    }
}
