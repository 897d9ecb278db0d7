package org.fixmyquarter.core.error;

/**
 * Base of the errors caused by a request the domain refuses, as opposed to a failure of the system.
 */
public abstract class DomainException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message a sentence a person understands, saying what was wrong
     */
    protected DomainException(String message) {
        super(message);
    }
}
