package org.example.fmq.jsonl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.tck.NotificationChannelContract;
import org.junit.jupiter.api.io.TempDir;

class JsonlChannelTest extends NotificationChannelContract<JsonlChannel> {

    @TempDir
    Path folder;

    @Override
    protected JsonlChannel createPlugin() {
        return new JsonlChannel();
    }

    @Override
    protected PluginConfig config() {
        return PluginConfig.of(Map.of("file", folder.resolve("notifications.jsonl").toString()));
    }

    @Override
    protected void assertDelivered(Notification notification) {
        assertTrue(deliveredCount(notification) > 0, "no line for " + notification.event().eventId());
    }

    @Override
    protected int deliveredCount(Notification notification) {
        Path file = folder.resolve("notifications.jsonl");
        try {
            return Files.exists(file) ? (int) Files.readAllLines(file).stream()
                    .filter(line -> line.contains("\"eventId\":\"" + notification.event().eventId() + "\"")).count() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
