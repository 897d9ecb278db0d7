/**
 * The catalogue of categories a report can be filed under, gathered from
 * {@link org.fixmyquarter.spi.category.CategoryProvider}s.
 */
package org.fixmyquarter.core.category;
