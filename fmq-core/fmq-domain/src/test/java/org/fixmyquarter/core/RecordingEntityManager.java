package org.fixmyquarter.core;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import jakarta.persistence.EntityManager;

/**
 * Test support: an {@link EntityManager} made with {@link Proxy} that records every method called
 * on it and then throws {@link Touched}, so a test can prove that a validation failure happened
 * before anything reached the persistence layer, or that valid input got as far as the first
 * database call. Needs no database and no mocking library.
 */
public final class RecordingEntityManager {

    /**
     * One call made on the proxy.
     *
     * @param method the method's name
     * @param args   its arguments, possibly containing {@code null}
     */
    public record Call(String method, List<Object> args) {
    }

    /** Thrown by every {@link EntityManager} method of the proxy, after the call is recorded. */
    public static final class Touched extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Touched(Method method) {
            super("EntityManager." + method.getName() + " was called");
        }
    }

    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final EntityManager proxy;

    /** Creates a recorder with a fresh proxy and no calls. */
    public RecordingEntityManager() {
        this.proxy = (EntityManager) Proxy.newProxyInstance(EntityManager.class.getClassLoader(),
                new Class<?>[] {EntityManager.class}, (self, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        switch (method.getName()) {
                            case "equals":
                                return self == args[0];
                            case "hashCode":
                                return System.identityHashCode(self);
                            default:
                                return "RecordingEntityManager";
                        }
                    }
                    calls.add(new Call(method.getName(), args == null ? List.of()
                            : Collections.unmodifiableList(Arrays.asList(args.clone()))));
                    throw new Touched(method);
                });
    }

    /** @return the proxy to hand to the code under test */
    public EntityManager entityManager() {
        return proxy;
    }

    /** @return every call made so far, in order */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** @return the names of the methods called so far, in order */
    public List<String> methodNames() {
        return calls().stream().map(Call::method).toList();
    }
}
