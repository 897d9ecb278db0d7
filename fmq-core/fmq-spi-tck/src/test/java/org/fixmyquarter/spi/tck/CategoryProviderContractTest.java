package org.fixmyquarter.spi.tck;

import static org.fixmyquarter.spi.tck.KitAssertions.assertFailsExactly;
import static org.fixmyquarter.spi.tck.KitAssertions.assertPasses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.category.CategoryAttribute;
import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.category.CategoryProvider;
import org.junit.jupiter.api.Test;

/**
 * Sample category providers, one correct and the others breaking one rule each of
 * {@link CategoryProviderContract}.
 */
class CategoryProviderContractTest {

    private static final CategoryDefinition ROAD = new CategoryDefinition("road", "Roads", null, "road",
            Map.of("fr", "Voirie", "pt-BR", "Vias"));
    private static final CategoryDefinition POTHOLE = new CategoryDefinition("pothole", "Pothole", "road", "pothole",
            Map.of("fr", "Nid-de-poule"));

    /** A correct provider: a parent and its child. */
    public static class Roads implements CategoryProvider {
        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("sample-roads", "1.0.0", SpiVersion.VERSION);
        }

        @Override
        public List<CategoryDefinition> categories() {
            return List.of(ROAD, POTHOLE);
        }
    }

    /** Asks a question about potholes, as SPI 1.6 allows. */
    public static class WithAttributes extends Roads {
        @Override
        public List<CategoryAttribute> attributes(String categoryCode) {
            return "pothole".equals(categoryCode) ? List.of(new CategoryAttribute("depth", "How deep is it?",
                    CategoryAttribute.Datatype.SINGLEVALUELIST, true, List.of(new CategoryAttribute.Value("deep", "Deep"),
                    new CategoryAttribute.Value("shallow", "Shallow")))) : List.of();
        }
    }

    /** Hands out a list of questions callers could change, with one code twice. */
    public static class BadAttributes extends Roads {
        @Override
        public List<CategoryAttribute> attributes(String categoryCode) {
            CategoryAttribute depth = new CategoryAttribute("depth", "How deep?", CategoryAttribute.Datatype.NUMBER, false);
            return new ArrayList<>(List.of(depth, depth));
        }
    }

    /** A city's extra sub-category under the default pack's {@code road}. */
    public static class NightWorks extends Roads {
        @Override
        public List<CategoryDefinition> categories() {
            return List.of(new CategoryDefinition("noisy-night-works", "Noisy night works", "road", null, Map.of()));
        }
    }

    /** Hands out its own list, which callers could change. */
    public static class Mutable extends Roads {
        private final List<CategoryDefinition> categories = new ArrayList<>(List.of(ROAD, POTHOLE));

        @Override
        public List<CategoryDefinition> categories() {
            return categories;
        }
    }

    /** Declares one code twice. */
    public static class Duplicate extends Roads {
        @Override
        public List<CategoryDefinition> categories() {
            return List.of(ROAD, POTHOLE, new CategoryDefinition("road", "Streets"));
        }
    }

    /** Two categories under each other. */
    public static class Cycle extends Roads {
        @Override
        public List<CategoryDefinition> categories() {
            return List.of(new CategoryDefinition("chicken", "Chicken", "egg", null, Map.of()),
                    new CategoryDefinition("egg", "Egg", "chicken", null, Map.of()));
        }
    }

    /** Names a translation by the language's English name instead of its tag. */
    public static class BadTag extends Roads {
        @Override
        public List<CategoryDefinition> categories() {
            return List.of(new CategoryDefinition("road", "Roads", null, "road", Map.of("french", "Voirie")));
        }
    }

    static class RoadsTest extends CategoryProviderContract<Roads> {
        @Override
        protected Roads createPlugin() {
            return new Roads();
        }
    }

    static class WithAttributesTest extends CategoryProviderContract<WithAttributes> {
        @Override
        protected WithAttributes createPlugin() {
            return new WithAttributes();
        }
    }

    static class BadAttributesTest extends CategoryProviderContract<BadAttributes> {
        @Override
        protected BadAttributes createPlugin() {
            return new BadAttributes();
        }
    }

    static class NightWorksTest extends CategoryProviderContract<NightWorks> {
        @Override
        protected NightWorks createPlugin() {
            return new NightWorks();
        }

        @Override
        protected Set<String> externalParents() {
            return Set.of("road");
        }
    }

    static class NightWorksWithoutExternalParentTest extends CategoryProviderContract<NightWorks> {
        @Override
        protected NightWorks createPlugin() {
            return new NightWorks();
        }
    }

    static class MutableTest extends CategoryProviderContract<Mutable> {
        @Override
        protected Mutable createPlugin() {
            return new Mutable();
        }
    }

    static class DuplicateTest extends CategoryProviderContract<Duplicate> {
        @Override
        protected Duplicate createPlugin() {
            return new Duplicate();
        }
    }

    static class CycleTest extends CategoryProviderContract<Cycle> {
        @Override
        protected Cycle createPlugin() {
            return new Cycle();
        }
    }

    static class BadTagTest extends CategoryProviderContract<BadTag> {
        @Override
        protected BadTag createPlugin() {
            return new BadTag();
        }
    }

    @Test
    void correctProviderPasses() {
        assertPasses(RoadsTest.class, 15);
    }

    @Test
    void parentFromAnotherProviderPassesWhenDeclaredExternal() {
        assertPasses(NightWorksTest.class, 15);
    }

    @Test
    void providerWithAttributesPasses() {
        assertPasses(WithAttributesTest.class, 15);
    }

    @Test
    void mutableAttributesWithADuplicateCodeFail() {
        assertFailsExactly(BadAttributesTest.class, "attributesAreImmutableWithUniqueCodes");
    }

    @Test
    void undeclaredParentFails() {
        assertFailsExactly(NightWorksWithoutExternalParentTest.class, "parentsAreDeclaredEarlier");
    }

    @Test
    void mutableListFails() {
        assertFailsExactly(MutableTest.class, "categoriesAreImmutable");
    }

    @Test
    void duplicateCodeFails() {
        assertFailsExactly(DuplicateTest.class, "codesAreUnique");
    }

    @Test
    void cycleFails() {
        assertFailsExactly(CycleTest.class, "parentsAreDeclaredEarlier", "hasNoCycles");
    }

    @Test
    void languageNameInsteadOfTagFails() {
        assertFailsExactly(BadTagTest.class, "translationTagsAreWellFormed");
    }
}
