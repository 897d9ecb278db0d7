package org.fixmyquarter.plugins.categories;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.category.CategoryAttribute;
import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.category.CategoryProvider;
import org.fixmyquarter.spi.i18n.LanguagePack;

/**
 * The categories every deployment starts with: eight top-level categories (roads, lighting,
 * electricity, water, waste, safety, accessibility, other), each with the sub-categories a city
 * expects, icons, and names in the languages of the built-in language packs; a street light that
 * is out asks for the number on its pole, and a water leak how bad it is (SPI 1.6), so that the
 * helpdesk can find and rank them.
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

    /** The questions of the categories that ask some, by code. */
    private static final Map<String, List<CategoryAttribute>> ATTRIBUTES = Map.of(
            "streetlight-out", List.of(new CategoryAttribute("pole-number",
                    "The number on the lamp post, if you can read it", CategoryAttribute.Datatype.STRING, false)),
            "water-leak", List.of(new CategoryAttribute("severity", "How bad is the leak?",
                    CategoryAttribute.Datatype.SINGLEVALUELIST, false, List.of(
                            new CategoryAttribute.Value("drip", "Dripping"),
                            new CategoryAttribute.Value("steady", "A steady flow"),
                            new CategoryAttribute.Value("gushing", "Gushing or flooding")))));

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public List<CategoryDefinition> categories() {
        return categories;
    }

    @Override
    public List<CategoryAttribute> attributes(String categoryCode) {
        return ATTRIBUTES.getOrDefault(categoryCode, List.of());
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
