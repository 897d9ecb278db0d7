package org.fixmyquarter.core.error;

import java.util.ArrayList;
import java.util.List;

/**
 * Base of the errors caused by a request the domain refuses, as opposed to a failure of the system.
 *
 * <p>The message is English; where a language-pack key is given, the API shows the reader's
 * translation of it instead, filled with {@link #messageArgs()}.
 */
public abstract class DomainException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String messageKey;
    private final transient List<String> messageArgs;

    /**
     * @param message a sentence a person understands, saying what was wrong
     */
    protected DomainException(String message) {
        this(message, null);
    }

    /**
     * @param message    the sentence in English
     * @param messageKey the language-pack key of the sentence, or {@code null}
     * @param args       the values of the key's placeholders, in order
     */
    protected DomainException(String message, String messageKey, Object... args) {
        super(message);
        this.messageKey = messageKey;
        this.messageArgs = texts(args);
    }

    /**
     * @return the language-pack key of the message, or {@code null} if it has none
     */
    public String messageKey() {
        return messageKey;
    }

    /**
     * @return the values of the key's placeholders
     */
    public List<String> messageArgs() {
        return messageArgs == null ? List.of() : messageArgs;
    }

    static List<String> texts(Object... args) {
        List<String> texts = new ArrayList<>(args.length);
        for (Object arg : args) {
            texts.add(String.valueOf(arg));
        }
        return List.copyOf(texts);
    }
}
