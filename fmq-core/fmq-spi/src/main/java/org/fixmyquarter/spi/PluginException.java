package org.fixmyquarter.spi;

/**
 * A plugin could not do what was asked.
 *
 * <p>For work the server retries (delivering an event, sending a report to a helpdesk), say
 * whether trying again later may help: a timeout or a 503 is {@linkplain #isRetryable() retryable},
 * a request the remote system rejects as invalid is not, and the server stops retrying it at once
 * and keeps it as failed with this message.
 */
public class PluginException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    /**
     * A failure that may go away if tried again later.
     *
     * @param message what went wrong, for the administrator
     */
    public PluginException(String message) {
        this(message, true, null);
    }

    /**
     * @param message   what went wrong, for the administrator
     * @param retryable whether trying again later may succeed
     * @param cause     the underlying exception, or {@code null}
     */
    public PluginException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /**
     * @return whether the server should try again later
     */
    public boolean isRetryable() {
        return retryable;
    }
}
