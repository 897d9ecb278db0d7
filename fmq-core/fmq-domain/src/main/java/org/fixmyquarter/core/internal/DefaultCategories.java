package org.fixmyquarter.core.internal;

import java.util.List;

import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.category.CategoryProvider;

/**
 * The categories every deployment starts with, at the lowest precedence so that any provider can
 * override them.
 */
public final class DefaultCategories implements CategoryProvider {

    private static final List<CategoryDefinition> CATEGORIES = List.of(
            new CategoryDefinition("road", "Roads and pavements"),
            new CategoryDefinition("lighting", "Street lighting"),
            new CategoryDefinition("electricity", "Electricity"),
            new CategoryDefinition("water", "Water and drainage"),
            new CategoryDefinition("waste", "Waste and illegal dumping"),
            new CategoryDefinition("safety", "Danger and safety"),
            new CategoryDefinition("accessibility", "Accessibility obstacles"),
            new CategoryDefinition("other", "Other"));

    @Override
    public String id() {
        return "default-categories";
    }

    @Override
    public List<CategoryDefinition> categories() {
        return CATEGORIES;
    }

    @Override
    public int order() {
        return 0;
    }
}
