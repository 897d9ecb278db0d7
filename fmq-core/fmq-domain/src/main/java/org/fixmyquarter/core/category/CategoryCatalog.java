package org.fixmyquarter.core.category;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import org.fixmyquarter.core.internal.DefaultCategories;
import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.category.CategoryProvider;

/**
 * The categories known to a deployment, merged from its providers.
 *
 * <p>Immutable once built. Where two providers declare the same code, the provider with the higher
 * {@link CategoryProvider#order()} wins, so a city can rename or replace a built-in category.
 */
public final class CategoryCatalog {

    private final Map<String, CategoryDefinition> byCode;

    private CategoryCatalog(Map<String, CategoryDefinition> byCode) {
        this.byCode = byCode;
    }

    /**
     * Builds a catalogue from providers passed explicitly, as an embedding program would.
     *
     * @param providers the providers, in any order
     * @return the merged catalogue
     */
    public static CategoryCatalog of(Collection<? extends CategoryProvider> providers) {
        List<CategoryProvider> lowestFirst = new ArrayList<>(providers);
        lowestFirst.sort(Comparator.comparingInt(CategoryProvider::order));
        Map<String, CategoryDefinition> merged = new LinkedHashMap<>();
        for (CategoryProvider provider : lowestFirst) {
            for (CategoryDefinition category : provider.categories()) {
                merged.put(category.code(), category);
            }
        }
        return new CategoryCatalog(Collections.unmodifiableMap(merged));
    }

    /**
     * The built-in categories plus those of every provider {@link ServiceLoader} finds.
     *
     * @return the merged catalogue
     */
    public static CategoryCatalog discover() {
        List<CategoryProvider> providers = new ArrayList<>();
        providers.add(new DefaultCategories());
        ServiceLoader.load(CategoryProvider.class).forEach(providers::add);
        return of(providers);
    }

    /**
     * @return every category, in the order the providers declared them
     */
    public List<CategoryDefinition> all() {
        return List.copyOf(byCode.values());
    }

    /**
     * @param code a category code
     * @return the category with that code, if any
     */
    public Optional<CategoryDefinition> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /**
     * @param code a category code
     * @return whether a category with that code exists
     */
    public boolean contains(String code) {
        return byCode.containsKey(code);
    }

    /**
     * @return the known codes, in order, for error messages that list the choices
     */
    public List<String> codes() {
        return List.copyOf(byCode.keySet());
    }
}
