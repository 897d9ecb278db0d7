package org.fixmyquarter.api.transaction;

import java.lang.reflect.Method;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.WebApplicationException;

import org.fixmyquarter.api.open311.Open311Exception;
import org.fixmyquarter.api.problem.ProblemException;
import org.fixmyquarter.core.error.DomainException;

/**
 * Which exceptions are a client's mistake, whether one rolls its transaction back, and the one
 * that {@link ClientErrorCatch} holds on this thread for {@link ClientErrorRethrow}.
 */
final class ClientErrors {

    private static final ThreadLocal<RuntimeException> HELD = new ThreadLocal<>();

    private ClientErrors() {
    }

    /** @return whether it is answered with a 4xx: a domain rule, a problem or an Open311 error below 500 */
    static boolean isClientError(Throwable e) {
        if (e instanceof DomainException) {
            return true;
        }
        if (e instanceof ProblemException problem) {
            return problem.status() < 500;
        }
        if (e instanceof Open311Exception open311) {
            return open311.status() < 500;
        }
        return e instanceof WebApplicationException web && web.getResponse().getStatus() < 500;
    }

    /**
     * The rule of {@code @Transactional} for an unchecked exception: roll back, unless
     * {@code dontRollbackOn} names it (which wins over {@code rollbackOn}). The method's annotation
     * wins over its class's.
     */
    static boolean rollsBack(Method method, Class<?> beanClass, RuntimeException e) {
        Transactional rule = method.getAnnotation(Transactional.class);
        for (Class<?> c = beanClass; rule == null && c != null && c != Object.class; c = c.getSuperclass()) {
            rule = c.getAnnotation(Transactional.class);
        }
        if (rule == null) {
            return true;
        }
        for (Class<?> spared : rule.dontRollbackOn()) {
            if (spared.isInstance(e)) {
                return false;
            }
        }
        return true;
    }

    static void hold(RuntimeException e) {
        HELD.set(e);
    }

    /** @return the exception held on this thread, which is then no longer held; or {@code null} */
    static RuntimeException take() {
        RuntimeException e = HELD.get();
        HELD.remove();
        return e;
    }

    /** @return what a method of this return type returns instead of throwing: never seen by a caller */
    static Object placeholder(Class<?> type) {
        if (!type.isPrimitive() || type == void.class) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == short.class) {
            return (short) 0;
        }
        return 0;
    }
}
