package org.fixmyquarter.spi.helpdesk;

import org.fixmyquarter.spi.Plugin;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportStatusChanged;

/**
 * Hands reports to a city's own helpdesk (Open311, a ticketing system) and keeps it informed.
 *
 * <p>The server calls {@link #submit(ReportCreated)} once for every new report, from its
 * dispatcher after the report committed, and stores the ticket returned. Delivery is at least
 * once: after a crash or a timeout the same report may be submitted again, so an implementation
 * must be idempotent, for example by sending {@code event.report().id()} as the helpdesk's
 * external reference or idempotency key and returning the existing case when it is known. Status
 * changes reach {@link #statusChanged(ReportStatusChanged, HelpdeskTicket)} only once the report
 * has a ticket.
 */
public interface HelpdeskConnector extends Plugin {

    /**
     * Opens a case for a new report.
     *
     * @param event the new report
     * @return the case the helpdesk opened (or already had for this report)
     * @throws PluginException if the helpdesk could not be reached or refused the report; say
     *                         whether a retry may help
     */
    HelpdeskTicket submit(ReportCreated event) throws PluginException;

    /**
     * Tells the helpdesk that a report's status changed in FixMyQuarter; does nothing unless
     * overridden.
     *
     * @param event  the change
     * @param ticket the case opened for the report by {@link #submit(ReportCreated)}
     * @throws PluginException if the helpdesk could not be told; say whether a retry may help
     */
    default void statusChanged(ReportStatusChanged event, HelpdeskTicket ticket) throws PluginException {
    }
}
