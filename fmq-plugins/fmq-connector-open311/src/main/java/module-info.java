/**
 * The Open311 helpdesk connector of FixMyQuarter: hands new reports to a city helpdesk that speaks
 * Open311 GeoReport v2, and pulls back what the helpdesk did with them.
 */
module org.fixmyquarter.plugins.connector.open311 {
    requires org.fixmyquarter.spi;
    requires java.net.http;
    requires jakarta.json;

    provides org.fixmyquarter.spi.helpdesk.HelpdeskConnector
            with org.fixmyquarter.plugins.connector.open311.Open311Connector;
}
