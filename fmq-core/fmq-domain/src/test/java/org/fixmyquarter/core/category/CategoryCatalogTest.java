package org.fixmyquarter.core.category;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.category.CategoryAttribute;
import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.category.CategoryProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Protects the category catalogue a deployment offers: the merge rule that a provider with a higher {@code order()} replaces a
 * same-code category of a lower one whatever order the providers are passed in, while new codes
 * are added and {@code contains}, {@code find}, {@code codes} and {@code all} agree.
 */
class CategoryCatalogTest {

    private static final List<String> DEFAULT_CODES = List.of(
            "road", "lighting", "electricity", "water", "waste", "safety", "accessibility", "other");

    /** A provider with an explicit order. */
    private record Provider(String id, int order, List<CategoryDefinition> categories)
            implements CategoryProvider {
        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor(id, "1", SpiVersion.VERSION);
        }
    }

    private static final CategoryProvider DEFAULTS = new TestCategories();

    private static final Provider CITY = new Provider("city", 200, List.of(
            new CategoryDefinition("road", "Streets (city)"),
            new CategoryDefinition("graffiti", "Graffiti")));

    private static final Provider LOW = new Provider("low", -10, List.of(
            new CategoryDefinition("water", "Should lose"),
            new CategoryDefinition("trees", "Trees")));

    @Test
    void subcategoriesHangUnderTheirParentAndOrphansAreLeftOut() {
        Provider city = new Provider("city", 100, List.of(
                new CategoryDefinition("pothole", "Pothole", "road", "pothole", java.util.Map.of("fr", "Nid-de-poule")),
                new CategoryDefinition("lost", "Orphan", "no-such-parent", null, java.util.Map.of())));
        CategoryCatalog catalog = CategoryCatalog.of(List.of(DEFAULTS, city));

        assertEquals(List.of("pothole"), catalog.children("road").stream().map(CategoryDefinition::code).toList());
        assertEquals(DEFAULT_CODES, catalog.topLevel().stream().map(CategoryDefinition::code).toList());
        assertTrue(catalog.contains("pothole"), "a report may be filed under a sub-category");
        assertFalse(catalog.contains("lost"), "a sub-category without its parent must not be offered");
    }

    static Stream<Arguments> providerOrders() {
        CategoryProvider defaults = DEFAULTS;
        return Stream.of(
                Arguments.of(List.of(defaults, CITY, LOW)),
                Arguments.of(List.of(CITY, defaults, LOW)),
                Arguments.of(List.of(LOW, CITY, defaults)),
                Arguments.of(List.of(CITY, LOW, defaults)));
    }

    @ParameterizedTest
    @MethodSource("providerOrders")
    void higherOrderWinsWhateverTheArgumentOrder(List<CategoryProvider> providers) {
        CategoryCatalog catalog = CategoryCatalog.of(providers);

        assertEquals("Streets (city)", catalog.find("road").orElseThrow().name(),
                "the city provider (order 200) must override the default 'road'");
        assertEquals("Water and drainage", catalog.find("water").orElseThrow().name(),
                "a provider of lower order (-10) must not override the default 'water'");
        assertTrue(catalog.contains("graffiti"), "new code from the higher provider is added");
        assertTrue(catalog.contains("trees"), "new code from the lower provider is added");

        List<String> codes = catalog.codes();
        assertEquals(DEFAULT_CODES.size() + 2, codes.size(), codes::toString);
        assertEquals(codes.size(), codes.stream().distinct().count(), () -> "duplicate codes: " + codes);
        assertTrue(codes.containsAll(DEFAULT_CODES), codes::toString);
    }

    @Test
    void providerWithDefaultOrderOverridesBuiltInCategories() {
        CategoryProvider plain = new CategoryProvider() {
            @Override
            public PluginDescriptor descriptor() {
                return new PluginDescriptor("plain", "1", SpiVersion.VERSION);
            }

            @Override
            public List<CategoryDefinition> categories() {
                return List.of(new CategoryDefinition("lighting", "Lamps"));
            }
        };
        for (List<CategoryProvider> providers : List.of(
                List.of(DEFAULTS, plain), List.of(plain, DEFAULTS))) {
            CategoryCatalog catalog = CategoryCatalog.of(providers);
            assertEquals("Lamps", catalog.find("lighting").orElseThrow().name());
            assertEquals(DEFAULT_CODES.size(), catalog.codes().size());
        }
    }

    @Test
    void containsFindCodesAndAllAgree() {
        CategoryCatalog catalog = CategoryCatalog.of(List.of(DEFAULTS, CITY, LOW));

        List<String> fromAll = catalog.all().stream().map(CategoryDefinition::code).toList();
        assertEquals(catalog.codes(), fromAll);
        for (CategoryDefinition category : catalog.all()) {
            assertTrue(catalog.contains(category.code()), category.code());
            assertEquals(Optional.of(category), catalog.find(category.code()));
        }
        for (String unknown : List.of("nope", "Road", "road ", "")) {
            assertFalse(catalog.contains(unknown), unknown);
            assertEquals(Optional.empty(), catalog.find(unknown), unknown);
            assertFalse(catalog.codes().contains(unknown), unknown);
        }
    }

    @Test
    void noProvidersGivesAnEmptyCatalogue() {
        CategoryCatalog catalog = CategoryCatalog.of(List.of());
        assertEquals(List.of(), catalog.codes());
        assertEquals(List.of(), catalog.all());
        assertFalse(catalog.contains("road"));
    }

    @Test
    void catalogueCannotBeChangedThroughItsLists() {
        CategoryCatalog catalog = CategoryCatalog.of(List.of(DEFAULTS));
        assertThrows(UnsupportedOperationException.class, () -> catalog.codes().add("x"));
        assertThrows(UnsupportedOperationException.class,
                () -> catalog.all().add(new CategoryDefinition("x", "X")));
        assertEquals(DEFAULT_CODES, catalog.codes());
    }

    @Test
    void catalogueIsASnapshotOfTheProvidersPassed() {
        List<CategoryProvider> providers = new ArrayList<>(List.of(DEFAULTS));
        CategoryCatalog catalog = CategoryCatalog.of(providers);
        providers.add(CITY);
        assertFalse(catalog.contains("graffiti"));
        assertEquals("Roads and pavements", catalog.find("road").orElseThrow().name());
    }

    @Test
    void aReplacedCategoryKeepsItsPlaceIconAndOtherTranslationsAndTheReplacementIsListed() {
        Provider builtIn = new Provider("defaults", 0, List.of(
                new CategoryDefinition("other", "Other"),
                new CategoryDefinition("graffiti", "Graffiti", "other", "spray-can",
                        java.util.Map.of("fr", "Graffitis", "de", "Graffiti"))));
        Provider city = new Provider("city", 100, List.of(
                new CategoryDefinition("graffiti", "Graffiti and tags", null, null, java.util.Map.of("fr", "Tags"))));

        CategoryCatalog catalog = CategoryCatalog.of(List.of(city, builtIn));

        CategoryDefinition graffiti = catalog.find("graffiti").orElseThrow();
        assertEquals("Graffiti and tags", graffiti.name());
        assertEquals("other", graffiti.parent(), "a replacement naming no parent stays where the replaced one was");
        assertEquals("spray-can", graffiti.icon());
        assertEquals(java.util.Map.of("fr", "Tags", "de", "Graffiti"), graffiti.names());
        assertEquals(List.of("other"), catalog.topLevel().stream().map(CategoryDefinition::code).toList());
        assertEquals(List.of(new CategoryCatalog.Replacement("graffiti", city, builtIn)), catalog.replacements());
        assertEquals(List.of(), CategoryCatalog.of(List.of(builtIn)).replacements());
    }

    /** A provider that asks one question about each of its categories. */
    private record Asking(String id, int order, List<CategoryDefinition> categories, String question)
            implements CategoryProvider {
        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor(id, "1", SpiVersion.VERSION);
        }

        @Override
        public List<CategoryAttribute> attributes(String code) {
            return question == null ? List.of() : List.of(new CategoryAttribute(question, "Which " + question + "?",
                    CategoryAttribute.Datatype.STRING, false));
        }
    }

    @Test
    void questionsComeFromTheWinnerOrAreKeptFromTheReplacedCategoryWhenItAsksNone() {
        CategoryDefinition graffiti = new CategoryDefinition("graffiti", "Graffiti");
        Asking builtIn = new Asking("defaults", 0, List.of(graffiti, new CategoryDefinition("litter", "Litter")),
                "wall");
        Asking silent = new Asking("silent", 100, List.of(graffiti), null);
        Asking asking = new Asking("asking", 100, List.of(graffiti), "colour");

        assertEquals(List.of("wall"), codes(CategoryCatalog.of(List.of(silent, builtIn)).attributes("graffiti")));
        assertEquals(List.of("colour"), codes(CategoryCatalog.of(List.of(asking, builtIn)).attributes("graffiti")));
        assertEquals(List.of("wall"), codes(CategoryCatalog.of(List.of(asking, builtIn)).attributes("litter")));
        assertEquals(List.of(), CategoryCatalog.of(List.of(DEFAULTS)).attributes("road"));
        assertEquals(List.of(), CategoryCatalog.of(List.of(asking)).attributes("no-such-code"));
    }

    private static List<String> codes(List<CategoryAttribute> attributes) {
        return attributes.stream().map(CategoryAttribute::code).toList();
    }
}
