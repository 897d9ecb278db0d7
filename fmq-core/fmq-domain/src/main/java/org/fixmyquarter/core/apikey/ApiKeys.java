package org.fixmyquarter.core.apikey;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.Permissions;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.idempotency.IdempotencyKeys;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.core.internal.Outbox;

/**
 * The administrator's use cases of API keys (make one, list them, revoke one), each audited
 * without the key, and the check of a key a request carries. The key is made here and returned
 * once; the database keeps its SHA-256 hash (the same hash as idempotency keys and e-mail tokens,
 * {@link IdempotencyKeys#hash}), so a copy of the database gives no working key.
 */
public final class ApiKeys {

    /** Longest name accepted: the width of its column. */
    public static final int NAME_MAX = 100;
    /** What every key starts with, so that a key found in a log or a repository is recognised. */
    public static final String PREFIX = "fmq311_";
    /** Longest key looked up; anything longer is no key of ours and is not hashed. */
    public static final int KEY_MAX = 200;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SHOWN_PREFIX = PREFIX.length() + 4;

    private final EntityManager em;
    private final Clock clock;
    private final AuditLog audit;

    /**
     * A new key with its secret value, which the caller shows once and forgets.
     *
     * @param apiKey the stored key
     * @param key    the key's value
     */
    public record WithKey(ApiKey apiKey, String key) {
    }

    /**
     * @param em    the entity manager of the current transaction
     * @param clock the source of "now"
     */
    public ApiKeys(EntityManager em, Clock clock) {
        this.em = Objects.requireNonNull(em, "em");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = new AuditLog(em);
    }

    /**
     * Makes a key for an app.
     *
     * @param name the app or back-office it is for, 1 to {@link #NAME_MAX} characters
     * @param by   the administrator
     * @return the stored key and its value
     * @throws ValidationException if the name is missing, blank or too long
     */
    public WithKey create(String name, Actor by) {
        Permissions.checkManageApiKeys(by);
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty()) {
            throw new ValidationException("name", "is required: the app or back-office the key is for");
        }
        if (stripped.length() > NAME_MAX) {
            throw new ValidationException("name", "must be at most " + NAME_MAX + " characters (got "
                    + stripped.length() + ")");
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant now = Clocks.now(clock);
        ApiKey apiKey = new ApiKey(Ids.newId(), stripped, IdempotencyKeys.hash(key), key.substring(0, SHOWN_PREFIX),
                by.id(), now);
        em.persist(apiKey);
        audit.record(by, "api_key.created", "api_key", apiKey.getId(), null, state(apiKey), now);
        return new WithKey(apiKey, key);
    }

    /**
     * @param by the administrator
     * @return every key, revoked ones included, oldest first
     */
    public List<ApiKey> list(Actor by) {
        Permissions.checkManageApiKeys(by);
        return em.createQuery("SELECT k FROM ApiKey k ORDER BY k.createdAt, k.id", ApiKey.class).getResultList();
    }

    /**
     * Revokes a key: requests with it are refused from now on. Revoking a revoked key changes
     * nothing.
     *
     * @param id the key's id
     * @param by the administrator
     * @throws NotFoundException if there is no such key
     */
    public void revoke(String id, Actor by) {
        Permissions.checkManageApiKeys(by);
        ApiKey apiKey = id == null || id.length() > 32 ? null : em.find(ApiKey.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (apiKey == null) {
            throw new NotFoundException("api-key", id);
        }
        if (!apiKey.isActive()) {
            return;
        }
        JsonObject before = state(apiKey);
        Instant now = Clocks.now(clock);
        apiKey.revoke(by.id(), now);
        audit.record(by, "api_key.revoked", "api_key", apiKey.getId(), before, state(apiKey), now);
    }

    /**
     * Finds the active key a request carries.
     *
     * @param key the value the client sent, or {@code null}
     * @return the key, if it exists and is not revoked
     */
    public Optional<ApiKey> find(String key) {
        if (key == null || key.isEmpty() || key.length() > KEY_MAX) {
            return Optional.empty();
        }
        return em.createQuery("SELECT k FROM ApiKey k WHERE k.keyHash = :hash", ApiKey.class)
                .setParameter("hash", IdempotencyKeys.hash(key))
                .getResultStream().filter(ApiKey::isActive).findFirst();
    }

    /**
     * Notes that a report was just posted with the key, for the administrators' list.
     *
     * @param apiKey an active key, read in this transaction
     */
    public void used(ApiKey apiKey) {
        apiKey.used(Clocks.now(clock));
    }

    /** What the audit log keeps of a key: never its value nor its hash. */
    private static JsonObject state(ApiKey apiKey) {
        JsonObjectBuilder state = Outbox.JSON.createObjectBuilder().add("name", apiKey.getName())
                .add("keyPrefix", apiKey.getKeyPrefix());
        if (apiKey.getRevokedAt() != null) {
            state.add("revokedAt", apiKey.getRevokedAt().toString());
        }
        return state.build();
    }
}
