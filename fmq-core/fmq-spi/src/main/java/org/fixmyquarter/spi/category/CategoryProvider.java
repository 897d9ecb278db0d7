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
 *
 * <p>Since SPI 1.6 a provider may give a category extra questions ({@link #attributes(String)}),
 * which Open311 clients answer when they report.
 */
public interface CategoryProvider extends Plugin {

    /**
     * The categories this provider contributes, parents before their children, in the order they
     * should be shown.
     *
     * @return an immutable list, never {@code null}
     */
    List<CategoryDefinition> categories();

    /**
     * The extra questions a category asks of whoever reports in it, in the order they should be
     * asked. When a provider replaces another's category and gives it no questions, the replaced
     * category's are kept.
     *
     * @param categoryCode the code of one of {@link #categories()}
     * @return an immutable list with unique codes, never {@code null}; empty (the default) for a
     *         category without questions and for a code this provider does not declare
     * @since SPI 1.6
     */
    default List<CategoryAttribute> attributes(String categoryCode) {
        return List.of();
    }
}
