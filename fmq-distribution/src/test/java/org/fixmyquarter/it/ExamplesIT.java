package org.fixmyquarter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The standalone projects of examples/ were built by this build as their users would build them
 * (maven-invoker-plugin runs {@code mvn verify} in a copy of each): here we check what they
 * printed, so a broken example fails the suite.
 */
class ExamplesIT {

    private static final Path EXAMPLES = Path.of(System.getProperty("fmq.it.examples-dir", "target/examples"));

    private static List<String> log(String project) throws IOException {
        Path log = EXAMPLES.resolve(project).resolve("build.log");
        assertTrue(Files.exists(log), log + " missing: the example was not built");
        return Files.readAllLines(log);
    }

    @Test
    void theEmbeddedProgramRanOnH2AndOnPostgresql() throws IOException {
        List<String> lines = log("embedded-core");
        List<String> reports = lines.stream().filter(l -> l.startsWith("report ")).collect(Collectors.toList());
        assertEquals(6, reports.size(), "three reports a run:\n" + String.join("\n", lines));
        for (String database : List.of("H2", "PostgreSQL")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("FixMyQuarter embedded: " + database + ", schema version ")
                    && l.endsWith("all checks passed")), database + ":\n" + String.join("\n", lines));
        }
    }

    @Test
    void theConnectorPassedTheTestKit() throws IOException {
        List<String> lines = log("connector-plugin");
        assertTrue(lines.stream().anyMatch(l -> l.contains("HttpHelpdeskConnectorTest") && l.contains("Failures: 0")),
                String.join("\n", lines));
        assertTrue(Files.exists(EXAMPLES.resolve("connector-plugin/target/fmq-example-connector-1.0.0.jar")));
    }
}
