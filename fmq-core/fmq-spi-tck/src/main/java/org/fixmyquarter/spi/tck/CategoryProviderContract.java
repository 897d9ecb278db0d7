package org.fixmyquarter.spi.tck;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.fixmyquarter.spi.category.CategoryAttribute;
import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.category.CategoryProvider;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link CategoryProvider}: an immutable list of categories with unique codes,
 * each parent declared before its children, no cycles, and translations keyed by well-formed
 * language tags; each category's extra questions (SPI 1.6) in an immutable list with unique codes.
 * Includes the tests of {@link PluginContract}.
 *
 * <p>Implement {@link #createPlugin()}; override {@link #externalParents()} if your categories
 * hang under another provider's.
 *
 * @param <T> the provider's class
 */
public abstract class CategoryProviderContract<T extends CategoryProvider> extends PluginContract<T> {

    // Two-letter codes outside this list (xx, en_GB mistyped as "english") are almost always typos.
    private static final Set<String> ISO_LANGUAGES = new HashSet<>(Arrays.asList(Locale.getISOLanguages()));

    /**
     * Creates the contract; subclasses are instantiated by JUnit.
     */
    protected CategoryProviderContract() {
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code CategoryProvider.class}
     */
    @Override
    protected final Class<? super T> extensionPoint() {
        return CategoryProvider.class;
    }

    /**
     * Parent codes your categories may use without declaring them, because another provider
     * declares them (for example the default pack's {@code road}, for a city's extra road
     * sub-categories).
     *
     * @return codes; empty unless overridden
     */
    protected Set<String> externalParents() {
        return Set.of();
    }

    /**
     * {@link CategoryProvider#categories()} returns a list without {@code null} elements.
     *
     * @throws Exception if init fails
     */
    @Test
    public void categoriesAreNotNull() throws Exception {
        List<CategoryDefinition> categories = initialisedPlugin().categories();
        assertNotNull(categories, "categories() returned null; return List.of() for none");
        for (int i = 0; i < categories.size(); i++) {
            assertNotNull(categories.get(i), "category #" + i + " is null");
        }
    }

    /**
     * The list cannot be changed through the reference returned, since the server hands it to
     * many threads.
     *
     * @throws Exception if init fails
     */
    @Test
    public void categoriesAreImmutable() throws Exception {
        List<CategoryDefinition> categories = categories();
        CategoryDefinition extra = new CategoryDefinition("tck-extra", "Added by the test kit");
        assertThrows(UnsupportedOperationException.class, () -> categories.add(extra),
                "categories() must return an immutable list, for example List.copyOf(...)");
    }

    /**
     * No two categories share a code, since the code is what a report stores.
     *
     * @throws Exception if init fails
     */
    @Test
    public void codesAreUnique() throws Exception {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (CategoryDefinition category : categories()) {
            if (!seen.add(category.code())) {
                duplicates.add(category.code());
            }
        }
        assertTrue(duplicates.isEmpty(), () -> "codes declared more than once: " + duplicates);
    }

    /**
     * Every sub-category's parent is declared earlier in the list, or is one of
     * {@link #externalParents()}: the server shows the list in order and skips a child whose parent
     * it has not seen.
     *
     * @throws Exception if init fails
     */
    @Test
    public void parentsAreDeclaredEarlier() throws Exception {
        Set<String> declared = new HashSet<>(externalParents());
        List<String> problems = new ArrayList<>();
        for (CategoryDefinition category : categories()) {
            if (category.parent() != null && !declared.contains(category.parent())) {
                problems.add(category.code() + " (parent " + category.parent() + ")");
            }
            declared.add(category.code());
        }
        assertTrue(problems.isEmpty(), () -> "sub-categories listed before their parent, or whose parent is not "
                + "declared (list it in externalParents() if another provider declares it): " + problems);
    }

    /**
     * Following parents from any category ends at a top-level one, so that the tree is a tree.
     *
     * @throws Exception if init fails
     */
    @Test
    public void hasNoCycles() throws Exception {
        Map<String, String> parentOf = new HashMap<>();
        for (CategoryDefinition category : categories()) {
            parentOf.putIfAbsent(category.code(), category.parent());
        }
        for (String start : parentOf.keySet()) {
            List<String> path = new ArrayList<>();
            for (String code = start; code != null; code = parentOf.get(code)) {
                if (path.contains(code)) {
                    path.add(code);
                    fail("categories form a cycle: " + String.join(" -> ", path));
                }
                path.add(code);
            }
        }
    }

    /**
     * Every translation's language tag names a real language (ISO 639, two or three letters) with
     * optional script and region, such as {@code fr}, {@code pt-BR} or {@code zh-Hant}.
     *
     * @throws Exception if init fails
     */
    @Test
    public void translationTagsAreWellFormed() throws Exception {
        List<String> problems = new ArrayList<>();
        for (CategoryDefinition category : categories()) {
            for (String tag : category.names().keySet()) {
                Locale locale = Locale.forLanguageTag(tag);
                String language = locale.getLanguage();
                boolean wellFormed = language.matches("[a-z]{2,3}")
                        && (language.length() == 3 || ISO_LANGUAGES.contains(language))
                        && locale.getVariant().isEmpty()
                        && locale.getExtensionKeys().isEmpty()
                        && locale.toLanguageTag().equals(tag);
                if (!wellFormed) {
                    problems.add(category.code() + ": '" + tag + "'");
                }
            }
        }
        assertTrue(problems.isEmpty(), () -> "translations keyed by something other than a language tag such as "
                + "'fr' or 'pt-BR': " + problems);
    }

    /**
     * {@link CategoryProvider#attributes(String)} answers every declared category, and a code it
     * does not declare, with an immutable list without {@code null} elements and with unique
     * codes (SPI 1.6): the code is what a client answers a question by.
     *
     * @throws Exception if init fails
     */
    @Test
    public void attributesAreImmutableWithUniqueCodes() throws Exception {
        T plugin = initialisedPlugin();
        List<String> problems = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        categories().forEach(category -> codes.add(category.code()));
        codes.add("tck-undeclared-category");
        for (String code : codes) {
            List<CategoryAttribute> attributes = plugin.attributes(code);
            if (attributes == null) {
                problems.add(code + ": null (return List.of() for none)");
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (CategoryAttribute attribute : attributes) {
                if (attribute == null) {
                    problems.add(code + ": a null attribute");
                } else if (!seen.add(attribute.code())) {
                    problems.add(code + ": attribute " + attribute.code() + " twice");
                }
            }
            try {
                attributes.add(new CategoryAttribute("tck-extra", "Added by the test kit",
                        CategoryAttribute.Datatype.STRING, false));
                problems.add(code + ": a mutable list (return List.copyOf(...))");
            } catch (UnsupportedOperationException expected) {
                // Immutable, as it must be: the server hands it to many threads.
            }
        }
        assertTrue(problems.isEmpty(), () -> "attributes(code): " + problems);
    }

    private List<CategoryDefinition> categories() throws Exception {
        List<CategoryDefinition> categories = initialisedPlugin().categories();
        assertNotNull(categories, "categories() returned null");
        return categories;
    }
}
