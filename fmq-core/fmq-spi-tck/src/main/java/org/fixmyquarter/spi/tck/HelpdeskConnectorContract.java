package org.fixmyquarter.spi.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.helpdesk.HelpdeskConnector;
import org.fixmyquarter.spi.helpdesk.HelpdeskTicket;
import org.fixmyquarter.spi.helpdesk.HelpdeskUpdate;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link HelpdeskConnector}: submitting a new report returns a ticket,
 * submitting the same report again returns the same ticket (delivery is at least once), and a
 * status change of a submitted report is accepted; a connector that pulls updates (SPI 1.5) answers
 * about the case it opened. Includes the tests of {@link PluginContract}.
 *
 * <p>Implement {@link #createPlugin()} and point {@link #config()} at a fake helpdesk (a local HTTP
 * server) that remembers what it was sent, so that idempotency is tested end to end. The events
 * sent are {@link SampleEvents#reportCreated()}, {@link SampleEvents#reportStatusChanged()} and
 * {@link SampleEvents#unlocatedReportCreated()}.
 *
 * @param <T> the connector's class
 */
public abstract class HelpdeskConnectorContract<T extends HelpdeskConnector> extends PluginContract<T> {

    /**
     * Creates the contract; subclasses are instantiated by JUnit.
     */
    protected HelpdeskConnectorContract() {
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code HelpdeskConnector.class}
     */
    @Override
    protected final Class<? super T> extensionPoint() {
        return HelpdeskConnector.class;
    }

    /**
     * {@link HelpdeskConnector#submit(ReportCreated)} of a new report returns a ticket.
     *
     * @throws Exception if init or the submission fails
     */
    @Test
    public void submitReturnsTicket() throws Exception {
        HelpdeskTicket ticket = initialisedPlugin().submit(SampleEvents.reportCreated());
        assertNotNull(ticket, "submit() returned null; return the helpdesk's case");
    }

    /**
     * Submitting the same event again returns a ticket with the same external id, rather than
     * opening a second case: the server resubmits after a crash or a timeout.
     *
     * @throws Exception if init or a submission fails
     */
    @Test
    public void submitIsIdempotent() throws Exception {
        T connector = initialisedPlugin();
        ReportCreated event = SampleEvents.reportCreated();
        HelpdeskTicket first = connector.submit(event);
        assertNotNull(first, "submit() returned null");
        HelpdeskTicket second = connector.submit(event);
        assertNotNull(second, "the second submit() of the same event returned null");
        assertEquals(first.externalId(), second.externalId(), "submitting the same report twice opened two cases; "
                + "send event.report().id() as the helpdesk's external reference and return the existing case");
    }

    /**
     * A report without a position (SPI 1.2: coordinates {@link Double#NaN}, an address instead) is
     * submitted like any other: the helpdesk must hear of it, and a NaN written as a coordinate
     * would be refused or, worse, read as a place.
     *
     * @throws Exception if init or the submission fails
     */
    @Test
    public void submitsReportWithoutPosition() throws Exception {
        HelpdeskTicket ticket = initialisedPlugin().submit(SampleEvents.unlocatedReportCreated());
        assertNotNull(ticket, "submit() returned null for a report without a position; check "
                + "report.hasPosition() and send its address instead of coordinates");
    }

    /**
     * {@link HelpdeskConnector#statusChanged} of the submitted report, with the ticket
     * {@code submit} returned, does not throw.
     *
     * @throws Exception if init or the submission fails
     */
    @Test
    public void statusChangedDoesNotThrow() throws Exception {
        T connector = initialisedPlugin();
        HelpdeskTicket ticket = connector.submit(SampleEvents.reportCreated());
        assertNotNull(ticket, "submit() returned null");
        assertDoesNotThrow(() -> connector.statusChanged(SampleEvents.reportStatusChanged(), ticket),
                "statusChanged() threw for the ticket submit() returned");
    }

    /**
     * A connector that {@linkplain HelpdeskConnector#pullsUpdates() pulls updates} (SPI 1.5)
     * answers about the case it opened with a list, never {@code null}, whose updates all name a
     * case it was asked about: the server matches them to reports by that id. Skipped (passes) for
     * a connector that does not pull.
     *
     * @throws Exception if init, the submission or the pull fails
     */
    @Test
    public void updatesNameOnlyTheCasesAskedAbout() throws Exception {
        T connector = initialisedPlugin();
        if (!connector.pullsUpdates()) {
            return;
        }
        HelpdeskTicket ticket = connector.submit(SampleEvents.reportCreated());
        assertNotNull(ticket, "submit() returned null");
        List<HelpdeskUpdate> updates = connector.updates(List.of(ticket), null);
        assertNotNull(updates, "updates() returned null; return an empty list when there is no news");
        Set<String> asked = Set.of(ticket.externalId());
        for (HelpdeskUpdate update : updates) {
            assertTrue(asked.contains(update.externalId()), () -> "updates() returned an update of case '"
                    + update.externalId() + "', which it was not asked about (asked: " + asked + ")");
        }
    }
}
