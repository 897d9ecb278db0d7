package org.fixmyquarter.api.transaction;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Inside the transaction interceptor (whose priority is {@code PLATFORM_BEFORE + 200}): a client
 * error thrown by the method marks the transaction for rollback as {@code @Transactional} says it
 * should, and is held for {@link ClientErrorRethrow} while the method returns normally, so that
 * Open Liberty's interceptor sees no exception and writes no FFDC incident. Any other exception
 * passes as it is: a fault of the server deserves its FFDC.
 */
@QuietClientErrors
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 210)
public class ClientErrorCatch {

    @Resource
    private TransactionSynchronizationRegistry transactions;

    @AroundInvoke
    Object invoke(InvocationContext context) throws Exception {
        try {
            return context.proceed();
        } catch (RuntimeException e) {
            if (!ClientErrors.isClientError(e)) {
                throw e;
            }
            Class<?> bean = context.getTarget() == null ? context.getMethod().getDeclaringClass() : context.getTarget().getClass();
            if (ClientErrors.rollsBack(context.getMethod(), bean, e)
                    && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
                transactions.setRollbackOnly();
            }
            ClientErrors.hold(e);
            return ClientErrors.placeholder(context.getMethod().getReturnType());
        }
    }
}
