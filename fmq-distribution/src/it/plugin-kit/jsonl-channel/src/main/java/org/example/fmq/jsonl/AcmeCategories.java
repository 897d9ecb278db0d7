package org.example.fmq.jsonl;

import java.util.List;
import java.util.Map;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.category.CategoryProvider;

/** A city's own categories, with codes the built-in pack does not use. */
public class AcmeCategories implements CategoryProvider {

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("acme-categories", PluginDescriptor.implementationVersion(AcmeCategories.class),
                SpiVersion.VERSION);
    }

    @Override
    public List<CategoryDefinition> categories() {
        return List.of(
                new CategoryDefinition("acme-snow", "Snow and ice", null, "snowflake", Map.of("fr", "Neige et verglas")),
                new CategoryDefinition("acme-uncleared-pavement", "Pavement not cleared", "acme-snow", null,
                        Map.of("fr", "Trottoir non d\u00e9neig\u00e9")));
    }
}
