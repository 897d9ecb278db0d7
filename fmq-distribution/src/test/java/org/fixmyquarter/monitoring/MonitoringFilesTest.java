package org.fixmyquarter.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.fixmyquarter.it.support.MonitoringFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The alert rules pass {@code promtool check rules} and their own unit tests
 * ({@code fmq-alerts.test.yml}, {@code promtool test rules}); the dashboard is valid JSON whose
 * every query selects a metric (MetricsIT checks the names against a real /metrics).
 */
class MonitoringFilesTest {

    @Test
    void theAlertRulesAreValidAndFireWhenTheirTestsSayTheyShould() throws Exception {
        String check = promtool("check", "rules", "fmq-alerts.yml");
        assertTrue(check.contains("SUCCESS"), check);
        String test = promtool("test", "rules", "fmq-alerts.test.yml");
        assertTrue(test.contains("SUCCESS"), test);
    }

    @Test
    void theDashboardReadsTheServersMetricsOnly() throws IOException {
        assertEquals("fixmyquarter", MonitoringFiles.dashboard().getString("uid"));
        Set<String> metrics = MonitoringFiles.dashboardMetrics();
        assertFalse(metrics.isEmpty());
        for (String name : metrics) {
            assertTrue(name.startsWith("fmq_") || List.of("memory_", "cpu_", "gc_", "connectionpool_", "thread")
                    .stream().anyMatch(name::startsWith), name + " is one of FixMyQuarter's or Liberty's metrics");
        }
    }

    /**
     * Runs promtool in the monitoring folder. Debian's prometheus package has it, and .ci/run
     * installs it: missing in CI, the test fails; elsewhere it is skipped with a note.
     */
    private static String promtool(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(MonitoringFiles.FOLDER.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            String missing = "promtool is not installed (Debian: apt-get install prometheus; .ci/run installs it)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
            return null;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + " failed:\n" + output);
        return output;
    }
}
