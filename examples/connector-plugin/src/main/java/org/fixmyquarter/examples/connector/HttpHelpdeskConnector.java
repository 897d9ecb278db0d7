package org.fixmyquarter.examples.connector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportStatusChanged;
import org.fixmyquarter.spi.helpdesk.HelpdeskConnector;
import org.fixmyquarter.spi.helpdesk.HelpdeskTicket;

/**
 * Opens a case in a helpdesk for every new report: {@code POST <url>} with a small JSON body,
 * answered by {@code {"id": "..."}}; status changes go to {@code POST <url>/<id>/status}.
 * Settings: {@code fmq.plugin.example-helpdesk.url} (required).
 */
public final class HttpHelpdeskConnector implements HelpdeskConnector {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]{1,200})\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private URI url;

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("example-helpdesk", PluginDescriptor.implementationVersion(getClass()),
                SpiVersion.VERSION);
    }

    @Override
    public void init(PluginConfig config) throws PluginException {
        url = URI.create(config.require("url"));
    }

    @Override
    public HelpdeskTicket submit(ReportCreated event) throws PluginException {
        var report = event.report();
        // Since SPI 1.2 a report may have no position (NaN coordinates): send its address instead.
        String where = report.hasPosition()
                ? String.format(java.util.Locale.ROOT, "\"lat\":%f,\"lon\":%f", report.latitude(), report.longitude())
                : "\"address\":\"" + json(report.address()) + "\"";
        String body = String.format(java.util.Locale.ROOT,
                "{\"reference\":\"%s\",\"title\":\"%s\",\"category\":\"%s\",%s}",
                report.id(), json(report.title()), json(report.category()), where);
        // The report id as idempotency key: a second delivery of the same report finds its case.
        String answer = post(url, body, report.id());
        Matcher id = ID.matcher(answer);
        if (!id.find()) {
            throw new PluginException("the helpdesk answered without a case id: " + answer, false, null);
        }
        return new HelpdeskTicket(id.group(1), url + "/" + id.group(1));
    }

    @Override
    public void statusChanged(ReportStatusChanged event, HelpdeskTicket ticket) throws PluginException {
        post(URI.create(url + "/" + ticket.externalId() + "/status"),
                "{\"status\":\"" + event.to() + "\",\"reason\":\"" + json(event.reason()) + "\"}", event.eventId());
    }

    private String post(URI target, String body, String idempotencyKey) throws PluginException {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                // 4xx: the helpdesk refuses this request, retrying cannot help; 5xx may pass.
                throw new PluginException("the helpdesk answered " + response.statusCode() + ": " + response.body(),
                        response.statusCode() >= 500 || response.statusCode() == 429, null);
            }
            return response.body();
        } catch (IOException e) {
            throw new PluginException("the helpdesk at " + target + " cannot be reached: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted", true, e);
        }
    }

    private static String json(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
