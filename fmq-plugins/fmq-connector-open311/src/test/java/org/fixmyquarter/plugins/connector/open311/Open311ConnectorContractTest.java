package org.fixmyquarter.plugins.connector.open311;

import java.io.IOException;
import java.util.Map;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.tck.HelpdeskConnectorContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs the SPI test kit against the Open311 connector, posting to a real HTTP endpoint
 * ({@link FakeOpen311} on 127.0.0.1) that, like a real one, makes a new request for every POST:
 * the kit's idempotency check passes only if the connector itself never posts a report twice.
 */
class Open311ConnectorContractTest extends HelpdeskConnectorContract<Open311Connector> {

    private static FakeOpen311 endpoint;

    @BeforeAll
    static void startEndpoint() throws IOException {
        endpoint = new FakeOpen311();
    }

    @AfterAll
    static void stopEndpoint() {
        endpoint.close();
    }

    @Override
    protected Open311Connector createPlugin() {
        return new Open311Connector();
    }

    @Override
    protected PluginConfig config() {
        return PluginConfig.of(Map.of("endpoint", endpoint.endpoint(), "api-key", FakeOpen311.API_KEY,
                "jurisdiction-id", FakeOpen311.JURISDICTION, "service-codes", "pothole=PT01,streetlight-out=SL02"));
    }
}
