package org.example.fmq.notests;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.NotificationChannel;

/** A channel with no test at all. */
public class Quiet implements NotificationChannel {

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("quiet", "1.0.0", SpiVersion.VERSION);
    }

    @Override
    public void deliver(Notification notification) {
    }
}
