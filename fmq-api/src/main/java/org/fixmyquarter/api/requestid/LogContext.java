package org.fixmyquarter.api.requestid;

import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Open Liberty's {@code LogRecordContext}: a field put there is written on every log line of the
 * thread, the server's own included, as {@code ext_<name>} of the JSON format. Called by
 * reflection, so that the application still runs (without the field) where the class is absent.
 */
final class LogContext {

    private static final Logger LOG = Logger.getLogger(LogContext.class.getName());

    private static final Method ADD;
    private static final Method REMOVE;

    static {
        Method add = null;
        Method remove = null;
        try {
            Class<?> context = Class.forName("com.ibm.websphere.logging.hpel.LogRecordContext");
            add = context.getMethod("addExtension", String.class, String.class);
            remove = context.getMethod("removeExtension", String.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.log(Level.INFO, "Log lines carry no request id: Open Liberty's LogRecordContext is not available", e);
        }
        ADD = add;
        REMOVE = remove;
    }

    private LogContext() {
    }

    static void put(String name, String value) {
        call(ADD, name, value);
    }

    static void remove(String name) {
        call(REMOVE, name);
    }

    private static void call(Method method, Object... arguments) {
        if (method == null) {
            return;
        }
        try {
            method.invoke(null, arguments);
        } catch (ReflectiveOperationException e) {
            LOG.log(Level.FINE, "LogRecordContext refused " + method.getName(), e);
        }
    }
}
