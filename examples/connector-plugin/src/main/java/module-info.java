/**
 * An example helpdesk connector: sends new reports to a helpdesk's HTTP API.
 */
module org.fixmyquarter.examples.connector {
    requires org.fixmyquarter.spi;
    requires java.net.http;

    provides org.fixmyquarter.spi.helpdesk.HelpdeskConnector
            with org.fixmyquarter.examples.connector.HttpHelpdeskConnector;
}
