package org.fixmyquarter.core.account;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The failed sign-ins of one account from one client address, and until when that address's
 * next attempt at that account is not even checked (see {@link LoginPolicy#delayAfter(int)}).
 */
@Entity
@Table(name = "fmq_sign_in_delay")
public class SignInDelay {

    /** The address of an attempt whose client address is not known. */
    public static final String UNKNOWN_ADDRESS = "unknown";

    /** Longest address kept: an IPv6 address with a zone fits. */
    static final int ADDRESS_MAX = 64;

    @Id
    @Column(name = "id", length = 100)
    private String id;

    @Column(name = "user_id", nullable = false, length = 32)
    private String userId;

    @Column(name = "address", nullable = false, length = ADDRESS_MAX)
    private String address;

    @Column(name = "failures", nullable = false)
    private int failures;

    @Column(name = "not_before", nullable = false)
    private OffsetDateTime notBefore;

    /** For JPA only. */
    protected SignInDelay() {
    }

    SignInDelay(String userId, String address, Instant now) {
        this.id = id(userId, address);
        this.userId = userId;
        this.address = address;
        this.notBefore = now.atOffset(ZoneOffset.UTC);
    }

    static String id(String userId, String address) {
        return userId + " " + address;
    }

    /** @return the account */
    public String getUserId() {
        return userId;
    }

    /** @return the client address the failures came from */
    public String getAddress() {
        return address;
    }

    /** @return failed sign-ins from that address since its last successful one */
    public int getFailures() {
        return failures;
    }

    /** @return the instant before which an attempt from that address is refused unchecked */
    public Instant getNotBefore() {
        return notBefore.toInstant();
    }

    boolean delays(Instant now) {
        return now.isBefore(notBefore.toInstant());
    }

    void failed(Instant now, LoginPolicy policy) {
        failures++;
        notBefore = now.plus(policy.delayAfter(failures)).atOffset(ZoneOffset.UTC);
    }
}
