package org.fixmyquarter.it.plugins;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.NotificationChannel;

/** Broken on purpose: built for an SPI major version the server does not provide. */
public class FutureSpiChannel implements NotificationChannel {

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("future-spi", "3.0", "2.0");
    }

    @Override
    public void deliver(Notification notification) {
    }
}
