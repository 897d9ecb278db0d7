package org.fixmyquarter.spi.category;

import java.util.List;

import org.fixmyquarter.spi.Plugin;

/**
 * Supplies categories of problems that citizens can report: a tree of top-level categories and
 * their sub-categories, with icons and translated names.
 *
 * <p>When two providers declare the same code, the one with the higher {@link #order()} wins, so
 * a city's pack can rename or replace a built-in category. A sub-category whose parent no
 * provider declares is skipped with a warning.
 */
public interface CategoryProvider extends Plugin {

    /**
     * The categories this provider contributes, parents before their children, in the order they
     * should be shown.
     *
     * @return an immutable list, never {@code null}
     */
    List<CategoryDefinition> categories();
}
