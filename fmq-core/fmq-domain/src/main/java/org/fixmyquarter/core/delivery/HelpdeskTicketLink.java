package org.fixmyquarter.core.delivery;

import java.io.Serializable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.fixmyquarter.spi.helpdesk.HelpdeskTicket;

/**
 * The case a helpdesk connector opened for a report.
 */
@Entity
@Table(name = "fmq_helpdesk_ticket")
@IdClass(HelpdeskTicketLink.Key.class)
public class HelpdeskTicketLink {

    @Id
    @Column(name = "report_id", length = 32)
    private String reportId;

    @Id
    @Column(name = "connector", length = 64)
    private String connector;

    @Column(name = "external_id", nullable = false, length = 200)
    private String externalId;

    @Column(name = "url", length = 1000)
    private String url;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    /** For JPA only. */
    protected HelpdeskTicketLink() {
    }

    HelpdeskTicketLink(String reportId, String connector, HelpdeskTicket ticket, Instant now) {
        this.reportId = reportId;
        this.connector = connector;
        this.externalId = ticket.externalId();
        this.url = ticket.url();
        this.createdAt = now.atOffset(ZoneOffset.UTC);
    }

    /** @return the report */
    public String getReportId() {
        return reportId;
    }

    /** @return the id of the connector that opened the case */
    public String getConnector() {
        return connector;
    }

    /** @return the case, as the connector returned it */
    public HelpdeskTicket ticket() {
        return new HelpdeskTicket(externalId, url);
    }

    /** The composite key: one case per report and connector. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        private String reportId;
        private String connector;

        /** For JPA only. */
        public Key() {
        }

        /**
         * @param reportId  the report
         * @param connector the connector's id
         */
        public Key(String reportId, String connector) {
            this.reportId = reportId;
            this.connector = connector;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key && Objects.equals(reportId, ((Key) other).reportId)
                    && Objects.equals(connector, ((Key) other).connector);
        }

        @Override
        public int hashCode() {
            return Objects.hash(reportId, connector);
        }
    }
}
