package org.fixmyquarter.api.idempotency;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.fixmyquarter.api.persistence.WriteConflicts;
import org.fixmyquarter.api.problem.ProblemException;
import org.fixmyquarter.core.idempotency.IdempotencyKeys;
import org.fixmyquarter.core.idempotency.IdempotencyRecord;

/**
 * Runs a POST at most once per {@code Idempotency-Key}: the first request does the work and its
 * answer is kept; a retry with the same key and the same request gets that answer again
 * ({@code Idempotent-Replayed: true}); the same key for another request is a 422, and a retry
 * while the first is still running a 409.
 */
@ApplicationScoped
public class IdempotentRequests {

    @Inject
    private IdempotencyTransactions transactions;

    /**
     * @param scope     what kind of request, for example {@code POST /api/v1/reports}
     * @param principal who sends it
     * @param key       the client's key, or {@code null} to just do the work
     * @param hash      a digest of the request, {@link IdempotencyKeys#hash}
     * @param work      does the work, given the id of the claimed record to complete in its
     *                  transaction ({@code null} without a key)
     * @return the work's answer, or the first answer again
     */
    public Response run(String scope, String principal, String key, String hash, Function<String, Response> work) {
        if (key == null) {
            return work.apply(null);
        }
        IdempotencyKeys.Claim claim = claim(scope, principal, key, hash);
        IdempotencyRecord record = claim.record();
        switch (claim.outcome()) {
            case MISMATCH:
                throw new ProblemException(422, "idempotency-key-reused", "Idempotency key reused",
                        "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
                        Map.of(), "problem.idempotency-key-reused.detail", List.of());
            case IN_FLIGHT:
                throw inFlight();
            case REPLAY:
                Response.ResponseBuilder replay = Response.status(record.getResponseStatus())
                        .header("Idempotent-Replayed", "true")
                        .type(MediaType.APPLICATION_JSON)
                        .entity(record.getResponseBody());
                if (record.getResponseLocation() != null) {
                    replay.header("Location", record.getResponseLocation());
                }
                return replay.build();
            default:
                try {
                    return work.apply(record.getId());
                } catch (RuntimeException e) {
                    transactions.release(record.getId());
                    throw e;
                }
        }
    }

    private IdempotencyKeys.Claim claim(String scope, String principal, String key, String hash) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.claim(scope, principal, key, hash);
            } catch (PersistenceException | TransactionalException e) {
                if (!WriteConflicts.lostRace(e)) {
                    throw e;
                }
                // Another request inserted the same new key at the same moment and our insert
                // lost. Look once more: its claim is usually committed and visible by then; if
                // not, it is still uncommitted and so, by definition, in flight.
                if (attempt == 2) {
                    throw inFlight();
                }
            }
        }
    }

    private static ProblemException inFlight() {
        return new ProblemException(409, "idempotency-key-in-flight", "Request in progress",
                "The first request with this Idempotency-Key is still being processed. Retry in a moment.",
                Map.of("Retry-After", "1"), "problem.idempotency-key-in-flight.detail", List.of());
    }
}
