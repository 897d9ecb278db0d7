package org.fixmyquarter.api.transaction;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Outside the transaction interceptor: once the transaction has ended (rolled back if the client
 * error called for it), throws the client error {@link ClientErrorCatch} held, to the caller, as
 * if nothing had been in between.
 */
@QuietClientErrors
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 190)
public class ClientErrorRethrow {

    @AroundInvoke
    Object invoke(InvocationContext context) throws Exception {
        ClientErrors.take();
        Object result;
        try {
            result = context.proceed();
        } catch (RuntimeException e) {
            // The commit of a transaction marked for rollback may say so; the client error is the news.
            RuntimeException held = ClientErrors.take();
            if (held != null) {
                throw held;
            }
            throw e;
        }
        RuntimeException held = ClientErrors.take();
        if (held != null) {
            throw held;
        }
        return result;
    }
}
