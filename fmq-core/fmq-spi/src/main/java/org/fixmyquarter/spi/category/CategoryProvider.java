package org.fixmyquarter.spi.category;

import java.util.List;

/**
 * Supplies categories of problems that citizens can report.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} or passed explicitly by an
 * embedding program. When two providers declare the same code, the one with the higher
 * {@link #order()} wins.
 */
public interface CategoryProvider {

    /**
     * A stable identifier of this provider, used in logs and configuration.
     *
     * @return for example {@code "default-categories"}
     */
    String id();

    /**
     * The categories this provider contributes, in the order they should be shown.
     *
     * @return an immutable list, never {@code null}
     */
    List<CategoryDefinition> categories();

    /**
     * Precedence when providers disagree: higher wins.
     *
     * @return 100 unless overridden
     */
    default int order() {
        return 100;
    }
}
