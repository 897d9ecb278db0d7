package org.fixmyquarter.it.plugins;

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

/**
 * Appends every notification to the file {@code fmq.plugin.it-file-channel.file}, for the tests to
 * read; a redelivery of an event it already wrote is dropped by its event id, as docs/plugins.md
 * asks of every channel.
 */
public class FileChannel implements NotificationChannel {

    private final Set<String> written = new HashSet<>();
    private Path file;

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("it-file-channel", "1.0", SpiVersion.VERSION);
    }

    @Override
    public void init(PluginConfig config) throws PluginException {
        file = Path.of(config.require("file"));
    }

    @Override
    public synchronized void deliver(Notification notification) throws PluginException {
        if (written.contains(notification.event().eventId())) {
            return;
        }
        String entry = "=== " + notification.event().eventId() + " " + notification.locale().toLanguageTag() + "\n"
                + notification.subject() + "\n" + notification.text() + "\n";
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, entry, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new PluginException("cannot write " + file + ": " + e, true, e);
        }
        written.add(notification.event().eventId());
    }
}
