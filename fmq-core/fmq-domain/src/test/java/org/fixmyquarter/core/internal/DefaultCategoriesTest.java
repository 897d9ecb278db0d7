package org.fixmyquarter.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.category.CategoryProvider;
import org.junit.jupiter.api.Test;

/**
 * Protects the built-in categories: their codes, order and names, and their lowest precedence so
 * that any provider with the default order can override them.
 */
class DefaultCategoriesTest {

    @Test
    void declaresTheEightBuiltInCategoriesInOrder() {
        assertEquals(List.of(
                        new CategoryDefinition("road", "Roads and pavements"),
                        new CategoryDefinition("lighting", "Street lighting"),
                        new CategoryDefinition("electricity", "Electricity"),
                        new CategoryDefinition("water", "Water and drainage"),
                        new CategoryDefinition("waste", "Waste and illegal dumping"),
                        new CategoryDefinition("safety", "Danger and safety"),
                        new CategoryDefinition("accessibility", "Accessibility obstacles"),
                        new CategoryDefinition("other", "Other")),
                new DefaultCategories().categories());
    }

    @Test
    void hasLowerPrecedenceThanAnyDefaultOrderProvider() {
        DefaultCategories defaults = new DefaultCategories();
        CategoryProvider plain = new CategoryProvider() {
            @Override
            public String id() {
                return "plain";
            }

            @Override
            public List<CategoryDefinition> categories() {
                return List.of();
            }
        };
        assertEquals("default-categories", defaults.id());
        assertTrue(defaults.order() < plain.order(),
                () -> "defaults order " + defaults.order() + " must be below " + plain.order());
    }

    @Test
    void categoriesCannotBeModified() {
        assertThrows(UnsupportedOperationException.class,
                () -> new DefaultCategories().categories().add(new CategoryDefinition("x", "X")));
    }
}
