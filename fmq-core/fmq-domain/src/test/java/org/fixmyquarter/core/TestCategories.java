package org.fixmyquarter.core;

import java.util.List;

import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.category.CategoryProvider;

/**
 * Stands in for the default category pack (a plugin the core does not depend on): its eight
 * top-level codes, at order 0.
 */
public final class TestCategories implements CategoryProvider {

    /** The codes, in their documented order. */
    public static final List<String> CODES = List.of(
            "road", "lighting", "electricity", "water", "waste", "safety", "accessibility", "other");

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
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("test-categories", "1", SpiVersion.VERSION);
    }

    @Override
    public List<CategoryDefinition> categories() {
        return CATEGORIES;
    }

    @Override
    public int order() {
        return 0;
    }

    /**
     * @return a catalogue of the eight codes
     */
    public static CategoryCatalog catalog() {
        return CategoryCatalog.of(List.of(new TestCategories()));
    }
}
