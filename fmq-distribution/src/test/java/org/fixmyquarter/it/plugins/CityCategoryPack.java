package org.fixmyquarter.it.plugins;

import java.util.List;
import java.util.Map;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.category.CategoryProvider;

/** A city's own category pack: adds a category and renames a built-in one, without a rebuild. */
public class CityCategoryPack implements CategoryProvider {

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("city-categories", "2026.1", SpiVersion.VERSION);
    }

    @Override
    public List<CategoryDefinition> categories() {
        return List.of(
                new CategoryDefinition("snow", "Snow and ice", null, "snowflake", Map.of("fr", "Neige et verglas")),
                new CategoryDefinition("uncleared-pavement", "Pavement not cleared", "snow", null, Map.of()),
                new CategoryDefinition("graffiti", "Graffiti and tags", "other", "spray", Map.of()));
    }
}
