package org.fixmyquarter.spi.tck;

import static org.fixmyquarter.spi.tck.KitAssertions.assertFailsExactly;
import static org.fixmyquarter.spi.tck.KitAssertions.assertPasses;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportStatusChanged;
import org.fixmyquarter.spi.helpdesk.HelpdeskConnector;
import org.fixmyquarter.spi.helpdesk.HelpdeskTicket;
import org.fixmyquarter.spi.helpdesk.HelpdeskUpdate;
import org.junit.jupiter.api.Test;

/**
 * Sample connectors, a correct one and ones breaking one rule each of
 * {@link HelpdeskConnectorContract}.
 */
class HelpdeskConnectorContractTest {

    /** A correct connector to an in-memory helpdesk that knows each report once. */
    public static class FakeHelpdesk implements HelpdeskConnector {
        final Map<String, HelpdeskTicket> casesByReport = new ConcurrentHashMap<>();
        final AtomicInteger nextCase = new AtomicInteger(1000);

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("sample-helpdesk", "1.0.0", SpiVersion.VERSION);
        }

        @Override
        public HelpdeskTicket submit(ReportCreated event) {
            return casesByReport.computeIfAbsent(event.report().id(), id -> newTicket());
        }

        @Override
        public void statusChanged(ReportStatusChanged event, HelpdeskTicket ticket) throws PluginException {
            if (!ticket.equals(casesByReport.get(event.report().id()))) {
                throw new PluginException("unknown case " + ticket.externalId(), false, null);
            }
        }

        HelpdeskTicket newTicket() {
            String id = "HD-" + nextCase.getAndIncrement();
            return new HelpdeskTicket(id, "https://helpdesk.example/cases/" + id);
        }
    }

    /** Opens a new case on every submission. */
    public static class Duplicating extends FakeHelpdesk {
        @Override
        public HelpdeskTicket submit(ReportCreated event) {
            HelpdeskTicket ticket = newTicket();
            casesByReport.put(event.report().id(), ticket);
            return ticket;
        }
    }

    /** Cannot pass status changes on. */
    public static class StatusChangeFails extends FakeHelpdesk {
        @Override
        public void statusChanged(ReportStatusChanged event, HelpdeskTicket ticket) throws PluginException {
            throw new PluginException("the helpdesk has no status API", false, null);
        }
    }

    /** Sends coordinates only, which a helpdesk refuses when they are NaN (a report without position). */
    public static class CoordinatesOnly extends FakeHelpdesk {
        @Override
        public HelpdeskTicket submit(ReportCreated event) {
            if (Double.isNaN(event.report().latitude())) {
                throw new IllegalArgumentException("the helpdesk refused lat=NaN");
            }
            return super.submit(event);
        }
    }

    /** Pulls updates (SPI 1.5): every case it is asked about is closed. */
    public static class Pulling extends FakeHelpdesk {
        @Override
        public boolean pullsUpdates() {
            return true;
        }

        @Override
        public List<HelpdeskUpdate> updates(Collection<HelpdeskTicket> tickets, Instant since) {
            return tickets.stream().map(t -> new HelpdeskUpdate(updatedId(t), HelpdeskUpdate.Status.CLOSED, "DONE",
                    "Fixed", Instant.parse("2025-03-16T08:00:00Z"))).toList();
        }

        String updatedId(HelpdeskTicket ticket) {
            return ticket.externalId();
        }
    }

    /** Answers with the helpdesk's other id of the case, which the server cannot match. */
    public static class PullingOtherIds extends Pulling {
        @Override
        String updatedId(HelpdeskTicket ticket) {
            return "internal-" + ticket.externalId();
        }
    }

    static class PullingTest extends HelpdeskConnectorContract<Pulling> {
        @Override
        protected Pulling createPlugin() {
            return new Pulling();
        }
    }

    static class PullingOtherIdsTest extends HelpdeskConnectorContract<PullingOtherIds> {
        @Override
        protected PullingOtherIds createPlugin() {
            return new PullingOtherIds();
        }
    }

    static class CoordinatesOnlyTest extends HelpdeskConnectorContract<CoordinatesOnly> {
        @Override
        protected CoordinatesOnly createPlugin() {
            return new CoordinatesOnly();
        }
    }

    static class FakeHelpdeskTest extends HelpdeskConnectorContract<FakeHelpdesk> {
        @Override
        protected FakeHelpdesk createPlugin() {
            return new FakeHelpdesk();
        }
    }

    static class DuplicatingTest extends HelpdeskConnectorContract<Duplicating> {
        @Override
        protected Duplicating createPlugin() {
            return new Duplicating();
        }
    }

    static class StatusChangeFailsTest extends HelpdeskConnectorContract<StatusChangeFails> {
        @Override
        protected StatusChangeFails createPlugin() {
            return new StatusChangeFails();
        }
    }

    @Test
    void correctConnectorPasses() {
        assertPasses(FakeHelpdeskTest.class, 13);
    }

    @Test
    void connectorPullingUpdatesPasses() {
        assertPasses(PullingTest.class, 13);
    }

    @Test
    void connectorAnsweringAboutOtherCasesFails() {
        assertFailsExactly(PullingOtherIdsTest.class, "updatesNameOnlyTheCasesAskedAbout");
    }

    @Test
    void connectorOpeningTwoCasesFails() {
        assertFailsExactly(DuplicatingTest.class, "submitIsIdempotent");
    }

    @Test
    void connectorThatCannotSubmitAReportWithoutPositionFails() {
        assertFailsExactly(CoordinatesOnlyTest.class, "submitsReportWithoutPosition");
    }

    @Test
    void connectorFailingStatusChangesFails() {
        assertFailsExactly(StatusChangeFailsTest.class, "statusChangedDoesNotThrow");
    }
}
