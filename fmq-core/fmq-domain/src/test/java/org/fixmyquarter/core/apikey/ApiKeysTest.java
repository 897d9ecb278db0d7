package org.fixmyquarter.core.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.error.ForbiddenException;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.idempotency.IdempotencyKeys;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * API keys on a real H2 database migrated by the core's scripts: the key is shown once and kept
 * only as its hash, only administrators manage keys, a revoked key is refused, every change is
 * audited without the key, and a report records the key that sent it.
 */
class ApiKeysTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Actor ADMIN = Actor.of("admin-1", "Ada", Role.ADMINISTRATOR);
    private static final Actor OPERATOR = Actor.of("operator-1", "Olga", Role.OPERATOR);

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T08:00:00Z"));

    @BeforeEach
    void empty() {
        DB.deleteAllRows();
    }

    @Test
    void aKeyIsShownOnceAndStoredAsItsHashOnly() {
        ApiKeys.WithKey made = DB.inTransaction(em -> new ApiKeys(em, clock).create("  City app  ", ADMIN));
        assertTrue(made.key().startsWith(ApiKeys.PREFIX), made.key());
        assertTrue(made.key().length() > 40, "256 random bits");
        assertEquals("City app", made.apiKey().getName());
        assertTrue(made.key().startsWith(made.apiKey().getKeyPrefix()));
        List<List<Object>> rows = DB.query("SELECT key_hash, key_prefix FROM fmq_api_key");
        assertEquals(IdempotencyKeys.hash(made.key()), rows.get(0).get(0));
        assertNotEquals(made.key(), rows.get(0).get(1));
        // Nothing stored holds the key.
        assertEquals(0L, ((Number) DB.queryValue("SELECT COUNT(*) FROM fmq_audit_entry WHERE after_state LIKE ?", "%" + made.key() + "%")).longValue());
    }

    @Test
    void aKeyIsFoundUntilItIsRevoked() {
        ApiKeys.WithKey made = DB.inTransaction(em -> new ApiKeys(em, clock).create("City app", ADMIN));
        assertTrue(DB.inTransaction(em -> new ApiKeys(em, clock).find(made.key())).isPresent());
        assertFalse(DB.inTransaction(em -> new ApiKeys(em, clock).find(made.key() + "x")).isPresent());
        assertFalse(DB.inTransaction(em -> new ApiKeys(em, clock).find("")).isPresent());
        assertFalse(DB.inTransaction(em -> new ApiKeys(em, clock).find(null)).isPresent());
        assertFalse(DB.inTransaction(em -> new ApiKeys(em, clock).find("k".repeat(5000))).isPresent());

        clock.advance(java.time.Duration.ofMinutes(5));
        DB.run(em -> new ApiKeys(em, clock).revoke(made.apiKey().getId(), ADMIN));
        assertFalse(DB.inTransaction(em -> new ApiKeys(em, clock).find(made.key())).isPresent());
        // Revoking again changes nothing, and is not audited twice.
        DB.run(em -> new ApiKeys(em, clock).revoke(made.apiKey().getId(), ADMIN));
        ApiKey listed = DB.inTransaction(em -> new ApiKeys(em, clock).list(ADMIN)).get(0);
        assertEquals(clock.instant(), listed.getRevokedAt());
        assertEquals("admin-1", listed.getRevokedBy());
        assertEquals(List.of(List.of("api_key.created"), List.of("api_key.revoked")),
                DB.query("SELECT action FROM fmq_audit_entry ORDER BY occurred_at, action"));
    }

    @Test
    void onlyAdministratorsManageKeys() {
        assertThrows(ForbiddenException.class, () -> DB.run(em -> new ApiKeys(em, clock).create("x", OPERATOR)));
        assertThrows(ForbiddenException.class, () -> DB.run(em -> new ApiKeys(em, clock).list(Actor.anonymous())));
        assertThrows(ForbiddenException.class, () -> DB.run(em -> new ApiKeys(em, clock).revoke("x", OPERATOR)));
    }

    @Test
    void aNameIsRequiredAndLimited() {
        assertThrows(ValidationException.class, () -> DB.run(em -> new ApiKeys(em, clock).create(" ", ADMIN)));
        assertThrows(ValidationException.class, () -> DB.run(em -> new ApiKeys(em, clock).create(null, ADMIN)));
        assertThrows(ValidationException.class, () -> DB.run(em -> new ApiKeys(em, clock)
                .create("n".repeat(ApiKeys.NAME_MAX + 1), ADMIN)));
        assertThrows(NotFoundException.class, () -> DB.run(em -> new ApiKeys(em, clock).revoke("nope", ADMIN)));
    }

    @Test
    void aReportRecordsTheKeyThatSentIt() {
        ApiKeys.WithKey made = DB.inTransaction(em -> new ApiKeys(em, clock).create("City app", ADMIN));
        Report report = DB.inTransaction(em -> {
            ApiKey key = new ApiKeys(em, clock).find(made.key()).orElseThrow();
            new ApiKeys(em, clock).used(key);
            return new ReportService(em, TestCategories.catalog(), clock).create(new NewReport("Pothole", null, "road",
                    45.0, 4.0, null, null), Actor.anonymous(), key.getId());
        });
        assertEquals(made.apiKey().getId(), report.getApiKeyId());
        assertEquals(made.apiKey().getId(), DB.queryValue("SELECT api_key_id FROM fmq_report WHERE id = ?",
                report.getId()));
        assertEquals(clock.instant(), DB.inTransaction(em -> new ApiKeys(em, clock).list(ADMIN)).get(0).getLastUsedAt());
        Report plain = DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock)
                .create(new NewReport("Leak", null, "water", 45.0, 4.0, null, null), Actor.anonymous()));
        assertNull(plain.getApiKeyId());
    }
}
