package org.fixmyquarter.it.plugins;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.helpdesk.HelpdeskConnector;
import org.fixmyquarter.spi.helpdesk.HelpdeskTicket;

/** Broken on purpose: it needs {@link MissingLibrary}, which its jar does not contain. */
public class MissingDependencyConnector implements HelpdeskConnector {

    private final MissingLibrary library = new MissingLibrary();

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("missing-dependency", "1.0", SpiVersion.VERSION);
    }

    @Override
    public HelpdeskTicket submit(ReportCreated event) {
        return new HelpdeskTicket(library.greet(), null);
    }
}
