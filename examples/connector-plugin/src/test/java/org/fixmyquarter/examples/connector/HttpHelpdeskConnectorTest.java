package org.fixmyquarter.examples.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.tck.HelpdeskConnectorContract;
import org.fixmyquarter.spi.tck.SampleEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test kit's contract for helpdesk connectors, against a real HTTP helpdesk on this machine,
 * plus what this connector promises itself.
 */
class HttpHelpdeskConnectorTest extends HelpdeskConnectorContract<HttpHelpdeskConnector> {

    private static FakeHelpdesk helpdesk;

    @BeforeAll
    static void startHelpdesk() throws IOException {
        helpdesk = new FakeHelpdesk();
    }

    @AfterAll
    static void stopHelpdesk() {
        helpdesk.close();
    }

    @Override
    protected HttpHelpdeskConnector createPlugin() {
        return new HttpHelpdeskConnector();
    }

    @Override
    protected PluginConfig config() {
        return PluginConfig.of(Map.of("url", helpdesk.url()));
    }

    @Test
    void sendsTheReportWithItsIdAsReference() throws Exception {
        var ticket = initialisedPlugin().submit(SampleEvents.reportCreated());
        assertTrue(ticket.externalId().startsWith("CASE-"), ticket.toString());
        assertTrue(helpdesk.requests.stream().anyMatch(r -> r.contains(SampleEvents.reportCreated().report().id())),
                helpdesk.requests::toString);
    }

    @Test
    void sendsTheAddressOfAReportWithoutPosition() throws Exception {
        initialisedPlugin().submit(SampleEvents.unlocatedReportCreated());
        String sent = helpdesk.requests.stream().filter(r -> r.contains(SampleEvents.UNLOCATED_REPORT_ID))
                .findFirst().orElseThrow();
        assertTrue(sent.contains("\"address\":\"" + SampleEvents.unlocatedReportSnapshot().address() + "\""), sent);
        assertFalse(sent.contains("\"lat\"") || sent.contains("NaN"), sent);
    }

    @Test
    void refusesToStartWithoutAUrl() {
        PluginException e = assertThrows(PluginException.class, () -> createPlugin().init(PluginConfig.empty()));
        assertTrue(e.getMessage().contains("url"), e.getMessage());
        assertFalse(e.isRetryable());
    }

    @Test
    void anUnreachableHelpdeskIsARetryableFailure() throws Exception {
        HttpHelpdeskConnector connector = createPlugin();
        connector.init(PluginConfig.of(Map.of("url", "http://127.0.0.1:9/cases")));
        PluginException e = assertThrows(PluginException.class, () -> connector.submit(SampleEvents.reportCreated()));
        assertEquals(true, e.isRetryable(), e.getMessage());
    }
}
