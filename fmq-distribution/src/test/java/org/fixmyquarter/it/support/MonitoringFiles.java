package org.fixmyquarter.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/**
 * The monitoring files the archive ships (src/main/monitoring): the alert rules and the Grafana
 * dashboard, and the metric names the dashboard's queries read.
 */
public final class MonitoringFiles {

    /** The folder of the files, from fmq-distribution (Maven's working directory for tests). */
    public static final Path FOLDER = Path.of("src/main/monitoring");

    /** A metric selector in a query: a name followed by its label matchers. */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

    private MonitoringFiles() {
    }

    /** @return the dashboard, parsed */
    public static JsonObject dashboard() throws IOException {
        try (InputStream in = Files.newInputStream(FOLDER.resolve("fmq-dashboard.json"));
             JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        }
    }

    /**
     * @return every metric name that a panel's query selects, such as {@code fmq_http_requests_seconds_bucket}
     * @throws IllegalStateException if a panel has a query without any selector
     */
    public static Set<String> dashboardMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        for (JsonValue panel : dashboard().getJsonArray("panels")) {
            for (JsonValue target : panel.asJsonObject().getJsonArray("targets")) {
                String expr = target.asJsonObject().getString("expr");
                Matcher selector = SELECTOR.matcher(expr);
                boolean any = false;
                while (selector.find()) {
                    names.add(selector.group(1));
                    any = true;
                }
                if (!any) {
                    throw new IllegalStateException("A query of panel '" + panel.asJsonObject().getString("title")
                            + "' selects no metric: " + expr);
                }
            }
        }
        return names;
    }

    /**
     * @param exposition a /metrics answer in Prometheus's text format
     * @return the names of its samples
     */
    public static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            Matcher name = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(line);
            if (name.find()) {
                names.add(name.group(1));
            }
        }
        return names;
    }
}
