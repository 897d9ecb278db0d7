package org.fixmyquarter.spi.helpdesk;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

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
 *
 * <p>Since SPI 1.5 a connector can also report what the helpdesk did with its cases: it says so
 * with {@link #pullsUpdates()}, and the server then asks {@link #updates(Collection, Instant)} from
 * time to time about the cases still open. A connector built for an older SPI pulls nothing.
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

    /**
     * Whether {@link #updates(Collection, Instant)} is implemented, so the server knows whether to
     * ask; {@code false} unless overridden.
     *
     * @return {@code true} if this connector can report what the helpdesk did with its cases
     * @since SPI 1.5
     */
    default boolean pullsUpdates() {
        return false;
    }

    /**
     * Asks the helpdesk about cases this connector opened. Called from time to time, never for
     * more tickets at once than the server chooses to batch, and from any thread.
     *
     * @param tickets the cases to ask about, as {@link #submit(ReportCreated)} returned them
     * @param since   when the server last received updates from this connector, or {@code null}
     *                the first time; a connector whose helpdesk lists changes by date may ask for
     *                those after it only
     * @return an update for each case the helpdesk reported on (none for a case it does not know or
     *         that did not change); possibly several for one case, oldest first; never {@code null}
     * @throws PluginException if the helpdesk could not be asked; say whether a retry may help
     * @since SPI 1.5
     */
    default List<HelpdeskUpdate> updates(Collection<HelpdeskTicket> tickets, Instant since) throws PluginException {
        return List.of();
    }
}
