package org.fixmyquarter.core.idempotency;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One idempotency key as used by one client for one kind of request, with the response it got.
 */
@Entity
@Table(name = "fmq_idempotency_key")
public class IdempotencyRecord {

    /** Processing has started but not committed. */
    public static final String IN_FLIGHT = "in_flight";
    /** The response is stored and is replayed on retries. */
    public static final String COMPLETED = "completed";

    @Id
    @Column(name = "id", length = 64)
    private String id;

    @Column(name = "scope", nullable = false, length = 100)
    private String scope;

    @Column(name = "principal", nullable = false, length = 64)
    private String principal;

    @Column(name = "idem_key", nullable = false, length = 255)
    private String key;

    @Column(name = "request_hash", nullable = false, length = 64)
    private String requestHash;

    @Column(name = "state", nullable = false, length = 20)
    private String state;

    @Column(name = "response_status")
    private Integer responseStatus;

    @Column(name = "response_location", length = 1000)
    private String responseLocation;

    @Column(name = "response_body", length = 65535)
    private String responseBody;

    @Column(name = "started_at", nullable = false)
    private OffsetDateTime startedAt;

    @Column(name = "completed_at")
    private OffsetDateTime completedAt;

    /** For JPA only. */
    protected IdempotencyRecord() {
    }

    IdempotencyRecord(String id, String scope, String principal, String key) {
        this.id = id;
        this.scope = scope;
        this.principal = principal;
        this.key = key;
    }

    void start(String requestHash, Instant now) {
        this.requestHash = requestHash;
        this.state = IN_FLIGHT;
        this.startedAt = now.atOffset(ZoneOffset.UTC);
        this.responseStatus = null;
        this.responseLocation = null;
        this.responseBody = null;
        this.completedAt = null;
    }

    void complete(int status, String location, String body, Instant now) {
        this.state = COMPLETED;
        this.responseStatus = status;
        this.responseLocation = location;
        this.responseBody = body;
        this.completedAt = now.atOffset(ZoneOffset.UTC);
    }

    /** @return the record's id, derived from scope, principal and key */
    public String getId() {
        return id;
    }

    /** @return the kind of request, for example {@code POST /api/v1/reports} */
    public String getScope() {
        return scope;
    }

    /** @return the client the key belongs to */
    public String getPrincipal() {
        return principal;
    }

    /** @return the key as the client sent it */
    public String getKey() {
        return key;
    }

    /** @return the SHA-256 of the first request's content, hex */
    public String getRequestHash() {
        return requestHash;
    }

    /** @return {@link #IN_FLIGHT} or {@link #COMPLETED} */
    public String getState() {
        return state;
    }

    /** @return the HTTP status of the stored response, or {@code null} while in flight */
    public Integer getResponseStatus() {
        return responseStatus;
    }

    /** @return the Location of the stored response, or {@code null} */
    public String getResponseLocation() {
        return responseLocation;
    }

    /** @return the body of the stored response, or {@code null} */
    public String getResponseBody() {
        return responseBody;
    }

    /** @return when the latest use of the key started */
    public Instant getStartedAt() {
        return startedAt.toInstant();
    }

    /** @return when the response was stored, or {@code null} */
    public Instant getCompletedAt() {
        return completedAt == null ? null : completedAt.toInstant();
    }
}
