package org.fixmyquarter.core.error;

/**
 * The request is valid on its own but conflicts with the current state of the resource, for
 * example a status change the workflow does not allow.
 */
public class ConflictException extends DomainException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    /**
     * @param reason  a stable, machine-readable code, for example {@code invalid-status-transition}
     * @param message a sentence a person understands
     */
    public ConflictException(String reason, String message) {
        this(reason, message, null);
    }

    /**
     * A conflict whose message language packs can translate.
     *
     * @param reason     a stable, machine-readable code
     * @param message    the sentence in English
     * @param messageKey its language-pack key
     * @param args       the values of the key's placeholders
     */
    public ConflictException(String reason, String message, String messageKey, Object... args) {
        super(message, messageKey, args);
        this.reason = reason;
    }

    /**
     * @return the stable code of this kind of conflict
     */
    public String reason() {
        return reason;
    }
}
