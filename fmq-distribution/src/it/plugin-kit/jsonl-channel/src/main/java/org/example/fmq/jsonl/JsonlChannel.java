package org.example.fmq.jsonl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.NotificationChannel;

/** Appends one JSON line per event to the file {@code fmq.plugin.jsonl.file}; drops redeliveries by event id. */
public class JsonlChannel implements NotificationChannel {

    private final Set<String> written = new HashSet<>();
    private Path file;

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("jsonl", PluginDescriptor.implementationVersion(JsonlChannel.class),
                SpiVersion.VERSION);
    }

    @Override
    public void init(PluginConfig config) throws PluginException {
        file = Path.of(config.require("file"));
    }

    @Override
    public synchronized void deliver(Notification notification) throws PluginException {
        String eventId = notification.event().eventId();
        if (written.contains(eventId)) {
            return;
        }
        String line = "{\"eventId\":\"" + json(eventId) + "\",\"type\":\"" + json(notification.event().type())
                + "\",\"subject\":\"" + json(notification.subject()) + "\"}\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new PluginException("cannot write " + file + ": " + e.getMessage(), true, e);
        }
        written.add(eventId);
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
