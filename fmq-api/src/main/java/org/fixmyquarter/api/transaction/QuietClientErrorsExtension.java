package org.fixmyquarter.api.transaction;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.transaction.Transactional;

/**
 * Puts {@link QuietClientErrors} and {@link TransactionSpan} on every bean that is transactional or
 * has a transactional method, so that a new transactional bean needs nothing of its own.
 */
public class QuietClientErrorsExtension implements Extension {

    <T> void bind(@Observes @WithAnnotations(Transactional.class) ProcessAnnotatedType<T> type) {
        type.configureAnnotatedType().add(QuietClientErrors.Literal.INSTANCE).add(TransactionSpan.Literal.INSTANCE);
    }
}
