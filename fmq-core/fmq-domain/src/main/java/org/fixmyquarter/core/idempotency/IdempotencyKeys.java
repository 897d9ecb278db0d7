package org.fixmyquarter.core.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.fixmyquarter.core.error.ValidationException;

/**
 * Claims, completes and releases idempotency keys.
 *
 * <p>The protocol a caller follows: {@link #claim} in a transaction of its own and commit it, so
 * other servers see the key in flight; then do the work and {@link #complete} in the work's
 * transaction, so the stored response commits exactly when the work does; if the work fails,
 * {@link #release} in a new transaction so the client may retry. A key left in flight by a server
 * that died is taken over after {@code inFlightTimeout}; a completed key is forgotten after
 * {@code retention}.
 */
public class IdempotencyKeys {

    /** What {@link #claim} found. */
    public enum Outcome {
        /** The caller owns the key now and must do the work. */
        ACQUIRED,
        /** A response is stored for the same request: return it. */
        REPLAY,
        /** The first request with this key is still being processed. */
        IN_FLIGHT,
        /** The key was used for a different request. */
        MISMATCH
    }

    /**
     * The result of a claim.
     *
     * @param outcome what was found
     * @param record  the key's record
     */
    public record Claim(Outcome outcome, IdempotencyRecord record) {
    }

    /** The HTTP header clients send the key in, used to name the field in errors. */
    public static final String HEADER = "Idempotency-Key";

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final EntityManager em;
    private final Clock clock;
    private final Duration inFlightTimeout;
    private final Duration retention;

    /**
     * @param em              the entity manager of the current transaction
     * @param clock           the source of "now"
     * @param inFlightTimeout after how long a key still in flight is considered abandoned
     * @param retention       how long a completed key is remembered
     */
    public IdempotencyKeys(EntityManager em, Clock clock, Duration inFlightTimeout, Duration retention) {
        this.em = Objects.requireNonNull(em, "em");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.inFlightTimeout = Objects.requireNonNull(inFlightTimeout, "inFlightTimeout");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    /**
     * Claims a key for a request. Two servers claiming the same new key at once both insert; the
     * database's primary key lets one commit, and the loser's transaction fails: it should claim
     * again, and will then see the key in flight.
     *
     * @param scope       the kind of request, for example {@code POST /api/v1/reports}
     * @param principal   the client, so two clients never share a key
     * @param key         the key the client sent
     * @param requestHash a digest of the request's content, see {@link #hash}
     * @return what was found
     * @throws ValidationException if the key is empty, too long or not printable ASCII
     */
    public Claim claim(String scope, String principal, String key, String requestHash) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw ValidationException.of(HEADER, "validation.idempotency-key",
                    "must be 1 to 255 printable ASCII characters without spaces");
        }
        Instant now = clock.instant();
        String id = hash(scope + "\n" + principal + "\n" + key);
        IdempotencyRecord record = em.find(IdempotencyRecord.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (record == null) {
            record = new IdempotencyRecord(id, scope, principal, key);
            record.start(requestHash, now);
            em.persist(record);
            em.flush();
            return new Claim(Outcome.ACQUIRED, record);
        }
        if (expired(record, now)) {
            record.start(requestHash, now);
            return new Claim(Outcome.ACQUIRED, record);
        }
        if (!record.getRequestHash().equals(requestHash)) {
            return new Claim(Outcome.MISMATCH, record);
        }
        if (IdempotencyRecord.IN_FLIGHT.equals(record.getState())) {
            return new Claim(Outcome.IN_FLIGHT, record);
        }
        return new Claim(Outcome.REPLAY, record);
    }

    /**
     * Stores the response of the work done under a claimed key, in the work's transaction.
     *
     * @param recordId the id of the claimed record
     * @param status   the HTTP status of the response
     * @param location the Location header, or {@code null}
     * @param body     the response body
     */
    public void complete(String recordId, int status, String location, String body) {
        IdempotencyRecord record = em.find(IdempotencyRecord.class, recordId, LockModeType.PESSIMISTIC_WRITE);
        if (record == null) {
            throw new IllegalStateException("Idempotency record " + recordId + " vanished while in flight");
        }
        record.complete(status, location, body, clock.instant());
    }

    /**
     * Forgets a claim whose work failed, so the client can retry with the same key.
     *
     * @param recordId the id of the claimed record
     */
    public void release(String recordId) {
        IdempotencyRecord record = em.find(IdempotencyRecord.class, recordId, LockModeType.PESSIMISTIC_WRITE);
        if (record != null && IdempotencyRecord.IN_FLIGHT.equals(record.getState())) {
            em.remove(record);
        }
    }

    private boolean expired(IdempotencyRecord record, Instant now) {
        if (IdempotencyRecord.IN_FLIGHT.equals(record.getState())) {
            return record.getStartedAt().plus(inFlightTimeout).isBefore(now);
        }
        return record.getCompletedAt().plus(retention).isBefore(now);
    }

    /**
     * @param text any text
     * @return its SHA-256 digest as 64 hex digits
     */
    public static String hash(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
