package org.fixmyquarter.core.error;

/**
 * The resource a request names does not exist (or is not visible to the caller).
 */
public class NotFoundException extends DomainException {

    private static final long serialVersionUID = 1L;

    private final String kind;

    /**
     * @param kind the kind of resource, for example {@code "report"}
     * @param id   the identifier that was looked up
     */
    public NotFoundException(String kind, String id) {
        super("No " + kind + " with id '" + shorten(id) + "' exists.", "problem.not-found.detail", kind, shorten(id));
        this.kind = kind;
    }

    /**
     * @return the kind of resource that was not found, for example {@code "report"}
     */
    public String kind() {
        return kind;
    }

    /** Echoes what the client sent, but never a megabyte of it. */
    private static String shorten(String id) {
        return id != null && id.length() > 64 ? id.substring(0, 64) + "…" : id;
    }
}
