package org.fixmyquarter.core.report;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * How to reach the person behind a report an app posted through Open311: private, read through
 * {@link ReportContacts} by operators and administrators only, and removed some time after the
 * report is closed ({@link ReportContacts#purge}).
 */
@Entity
@Table(name = "fmq_report_contact")
public class ReportContact {

    @Id
    @Column(name = "report_id", length = 32)
    private String reportId;

    @Column(name = "email", length = 254)
    private String email;

    @Column(name = "first_name", length = 100)
    private String firstName;

    @Column(name = "last_name", length = 100)
    private String lastName;

    @Column(name = "phone", length = 50)
    private String phone;

    @Column(name = "device_id", length = 200)
    private String deviceId;

    @Column(name = "app_account", length = 200)
    private String appAccount;

    @Column(name = "account_id", length = 32)
    private String accountId;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    /** For JPA only. */
    protected ReportContact() {
    }

    ReportContact(String reportId, ReportContacts.Details details, String accountId, Instant now) {
        this.reportId = reportId;
        this.email = details.email();
        this.firstName = details.firstName();
        this.lastName = details.lastName();
        this.phone = details.phone();
        this.deviceId = details.deviceId();
        this.appAccount = details.appAccount();
        this.accountId = accountId;
        this.createdAt = now.atOffset(ZoneOffset.UTC);
    }

    /** @return the report */
    public String getReportId() {
        return reportId;
    }

    /** @return the details as the app sent them */
    public ReportContacts.Details details() {
        return new ReportContacts.Details(email, firstName, lastName, phone, deviceId, appAccount);
    }

    /** @return the account of this server the app's {@code account_id} names, or {@code null} */
    public String getAccountId() {
        return accountId;
    }

    /** @return when the details were received */
    public Instant getCreatedAt() {
        return createdAt.toInstant();
    }
}
