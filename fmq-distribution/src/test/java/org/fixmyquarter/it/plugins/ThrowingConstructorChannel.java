package org.fixmyquarter.it.plugins;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.NotificationChannel;

/** Broken on purpose: its constructor throws. */
public class ThrowingConstructorChannel implements NotificationChannel {

    /** Always fails, as a plugin with a bug in its start would. */
    public ThrowingConstructorChannel() {
        throw new IllegalStateException("deliberately broken constructor");
    }

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("throwing-constructor", "1.0", SpiVersion.VERSION);
    }

    @Override
    public void deliver(Notification notification) {
    }
}
