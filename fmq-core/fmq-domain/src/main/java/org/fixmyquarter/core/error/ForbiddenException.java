package org.fixmyquarter.core.error;

/**
 * The caller may see the resource but not change it, for example someone else's comment.
 */
public class ForbiddenException extends DomainException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message    the sentence in English
     * @param messageKey its language-pack key
     * @param args       the values of the key's placeholders
     */
    public ForbiddenException(String message, String messageKey, Object... args) {
        super(message, messageKey, args);
    }
}
