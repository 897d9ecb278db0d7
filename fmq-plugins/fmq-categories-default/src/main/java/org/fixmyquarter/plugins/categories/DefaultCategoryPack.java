package org.fixmyquarter.plugins.categories;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.category.CategoryProvider;
import org.fixmyquarter.spi.i18n.LanguagePack;

/**
 * The categories every deployment starts with: eight top-level categories (roads, lighting,
 * electricity, water, waste, safety, accessibility, other), each with the sub-categories a city
 * expects, icons, and names in the languages of the built-in language packs.
 *
 * <p>Its order is 0, the lowest, so a city's own pack can rename or replace any category by
 * declaring the same code.
 */
public final class DefaultCategoryPack implements CategoryProvider {

    /** The languages this pack translates its names into, beside English. */
    static final List<String> TRANSLATIONS = List.of("fr", "es", "de", "ar", "pt");

    private static final String FOLDER = "/org/fixmyquarter/plugins/categories/";

    private final PluginDescriptor descriptor = new PluginDescriptor("default-categories",
            PluginDescriptor.implementationVersion(DefaultCategoryPack.class), SpiVersion.VERSION);

    private final List<CategoryDefinition> categories = load();

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public List<CategoryDefinition> categories() {
        return categories;
    }

    @Override
    public int order() {
        return 0;
    }

    private static List<CategoryDefinition> load() {
        Map<String, Map<String, String>> namesByCode = new HashMap<>();
        for (String language : TRANSLATIONS) {
            LanguagePack.readProperties(DefaultCategoryPack.class.getResourceAsStream(
                            FOLDER + "categories_" + language + ".properties"))
                    .forEach((code, name) -> namesByCode.computeIfAbsent(code, c -> new LinkedHashMap<>())
                            .put(language, name));
        }
        List<CategoryDefinition> result = new ArrayList<>();
        for (String line : Lines.of(DefaultCategoryPack.class, FOLDER + "categories.properties")) {
            int equals = line.indexOf('=');
            String code = line.substring(0, equals).trim();
            String[] parts = line.substring(equals + 1).split("\\|", 3);
            String parent = parts[0].isBlank() ? null : parts[0].trim();
            result.add(new CategoryDefinition(code, parts[2].trim(), parent, parts[1].trim(),
                    namesByCode.getOrDefault(code, Map.of())));
        }
        return List.copyOf(result);
    }
}
