package org.fixmyquarter.core.category;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.fixmyquarter.spi.category.CategoryAttribute;
import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.category.CategoryProvider;

/**
 * The categories known to a deployment, merged from its providers into a tree of top-level
 * categories and sub-categories.
 *
 * <p>Immutable once built. Where two providers declare the same code, the provider with the higher
 * {@link CategoryProvider#order()} wins, so a city can rename or replace a built-in category: its
 * name is used, and what it leaves out is kept from the category it replaces (the parent when it
 * names none, so a renamed sub-category stays where it was; the icon; the translations of the
 * languages it does not give). Every such replacement is listed in {@link #replacements()} (the
 * plugin registry shows them to the administrator). A sub-category whose parent no provider
 * declares is left out, with a warning. A category's extra questions are its winning provider's,
 * or those of the category it replaces when the winner asks none.
 */
public final class CategoryCatalog {

    /**
     * A category code declared by two providers.
     *
     * @param code     the code
     * @param winner   the provider whose definition is used (the higher order)
     * @param replaced the provider whose definition it replaces
     */
    public record Replacement(String code, CategoryProvider winner, CategoryProvider replaced) {
    }

    private final Map<String, CategoryDefinition> byCode;
    private final List<Replacement> replacements;
    private final Map<String, List<CategoryAttribute>> attributes;

    private CategoryCatalog(Map<String, CategoryDefinition> byCode, List<Replacement> replacements,
                            Map<String, List<CategoryAttribute>> attributes) {
        this.byCode = byCode;
        this.replacements = replacements;
        this.attributes = attributes;
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
        Map<String, CategoryProvider> declaredBy = new LinkedHashMap<>();
        List<Replacement> replacements = new ArrayList<>();
        Map<String, List<CategoryAttribute>> attributes = new LinkedHashMap<>();
        for (CategoryProvider provider : lowestFirst) {
            for (CategoryDefinition category : provider.categories()) {
                List<CategoryAttribute> asked = provider.attributes(category.code());
                if (asked != null && !asked.isEmpty()) {
                    attributes.put(category.code(), List.copyOf(asked));
                }
                CategoryDefinition previous = merged.get(category.code());
                if (previous != null) {
                    replacements.add(new Replacement(category.code(), provider, declaredBy.get(category.code())));
                    category = replacing(previous, category);
                }
                merged.put(category.code(), category);
                declaredBy.put(category.code(), provider);
            }
        }
        merged.values().removeIf(category -> {
            boolean orphan = category.parent() != null && !isRooted(category, merged);
            if (orphan) {
                System.getLogger(CategoryCatalog.class.getName()).log(System.Logger.Level.WARNING,
                        "Category " + category.code() + " is left out: its parent " + category.parent()
                                + " is not declared by any category provider");
            }
            return orphan;
        });
        attributes.keySet().retainAll(merged.keySet());
        return new CategoryCatalog(Collections.unmodifiableMap(merged), List.copyOf(replacements),
                Map.copyOf(attributes));
    }

    /** The winner's definition, with what it leaves out taken from the one it replaces. */
    private static CategoryDefinition replacing(CategoryDefinition previous, CategoryDefinition winner) {
        Map<String, String> names = new LinkedHashMap<>(previous.names());
        names.putAll(winner.names());
        return new CategoryDefinition(winner.code(), winner.name(),
                winner.parent() != null ? winner.parent() : previous.parent(),
                winner.icon() != null ? winner.icon() : previous.icon(), names);
    }

    /**
     * @param code a category code
     * @return the category's extra questions, in the order they are asked; empty for a category
     *         without any and for an unknown code
     */
    public List<CategoryAttribute> attributes(String code) {
        return attributes.getOrDefault(code, List.of());
    }

    /**
     * @return the codes declared by more than one provider, and which definition won, in the order
     *         they were met (lowest order first)
     */
    public List<Replacement> replacements() {
        return replacements;
    }

    /** Whether following parents from a category ends at a top-level one (not missing, no loop). */
    private static boolean isRooted(CategoryDefinition category, Map<String, CategoryDefinition> all) {
        CategoryDefinition current = category;
        for (int depth = 0; depth <= all.size(); depth++) {
            if (current.parent() == null) {
                return true;
            }
            current = all.get(current.parent());
            if (current == null) {
                return false;
            }
        }
        return false;
    }

    /**
     * @return the categories without a parent, in order
     */
    public List<CategoryDefinition> topLevel() {
        return byCode.values().stream().filter(c -> c.parent() == null).toList();
    }

    /**
     * @param code a category code
     * @return the categories directly under it, in order; empty if none or unknown
     */
    public List<CategoryDefinition> children(String code) {
        return byCode.values().stream().filter(c -> code.equals(c.parent())).toList();
    }

    /**
     * @return every category, parents and sub-categories, in the order the providers declared them
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
