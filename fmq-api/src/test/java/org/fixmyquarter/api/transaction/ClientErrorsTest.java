package org.fixmyquarter.api.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.transaction.Transactional;

import org.fixmyquarter.api.problem.ProblemException;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.junit.jupiter.api.Test;

class ClientErrorsTest {

    @Transactional(dontRollbackOn = ValidationException.class)
    static class SparesValidation {

        public void signIn() {
        }

        @Transactional
        public void strict() {
        }
    }

    @Transactional
    static class Plain {

        public int count() {
            return 1;
        }
    }

    @Test
    void clientErrorsAreTheDomainsRulesAndProblemsBelow500() {
        assertTrue(ClientErrors.isClientError(new NotFoundException("report", "gone")));
        assertTrue(ClientErrors.isClientError(new ProblemException(429, "rate-limited", "Too many", "Later", Map.of())));
        assertFalse(ClientErrors.isClientError(new ProblemException(503, "unavailable", "Down", "Later", Map.of())));
        assertFalse(ClientErrors.isClientError(new IllegalStateException("a bug")));
    }

    @Test
    void theRollbackRuleIsTheAnnotationsOfTheMethodElseOfTheClass() throws Exception {
        ValidationException invalid = new ValidationException("title", "is required");
        assertFalse(ClientErrors.rollsBack(SparesValidation.class.getMethod("signIn"), SparesValidation.class, invalid),
                "dontRollbackOn keeps the transaction");
        assertTrue(ClientErrors.rollsBack(SparesValidation.class.getMethod("signIn"), SparesValidation.class,
                new ConflictException("taken", "The name is taken")), "other client errors roll back");
        assertTrue(ClientErrors.rollsBack(SparesValidation.class.getMethod("strict"), SparesValidation.class, invalid),
                "the method's own annotation wins");
        assertTrue(ClientErrors.rollsBack(Plain.class.getMethod("count"), Plain.class, invalid));
    }

    @Test
    void aHeldErrorIsTakenOnce() {
        NotFoundException gone = new NotFoundException("report", "gone");
        ClientErrors.hold(gone);
        assertSame(gone, ClientErrors.take());
        assertNull(ClientErrors.take());
    }

    @Test
    void aMethodReturnsAPlaceholderOfItsTypeInsteadOfThrowing() {
        assertEquals(0, ClientErrors.placeholder(int.class));
        assertEquals(false, ClientErrors.placeholder(boolean.class));
        assertNull(ClientErrors.placeholder(void.class));
        assertNull(ClientErrors.placeholder(String.class));
    }
}
