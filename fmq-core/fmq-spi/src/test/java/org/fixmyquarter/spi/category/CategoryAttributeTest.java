package org.fixmyquarter.spi.category;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.junit.jupiter.api.Test;

/**
 * The extra questions of SPI 1.6: a malformed one fails fast naming its code, and a provider
 * written before 1.6 compiles and asks none.
 */
class CategoryAttributeTest {

    private static final CategoryAttribute.Value DRIP = new CategoryAttribute.Value("drip", "A drip");

    /** A provider that knows nothing of SPI 1.6, as one built before it. */
    static class OldProvider implements CategoryProvider {
        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("old", "1.0", "1.5");
        }

        @Override
        public List<CategoryDefinition> categories() {
            return List.of(new CategoryDefinition("road", "Roads"));
        }
    }

    @Test
    void aProviderBuiltBeforeAttributesAsksNothing() {
        assertEquals(List.of(), new OldProvider().attributes("road"));
        assertTrue(SpiVersion.incompatibility("1.5") == null);
    }

    @Test
    void aListTakesItsValuesAndKeepsACopy() {
        List<CategoryAttribute.Value> values = new ArrayList<>(List.of(DRIP));
        CategoryAttribute severity = new CategoryAttribute("severity", "How bad is it?",
                CategoryAttribute.Datatype.SINGLEVALUELIST, true, values);
        values.clear();
        assertEquals(List.of(DRIP), severity.values());
        assertEquals("singlevaluelist", severity.datatype().wireName());
    }

    @Test
    void malformedQuestionsAreRefusedNamingTheirCode() {
        assertThrows(IllegalArgumentException.class, () -> new CategoryAttribute("pole number", "Pole?",
                CategoryAttribute.Datatype.STRING, false));
        assertThrows(IllegalArgumentException.class, () -> new CategoryAttribute("pole", " ",
                CategoryAttribute.Datatype.STRING, false));
        IllegalArgumentException noValues = assertThrows(IllegalArgumentException.class,
                () -> new CategoryAttribute("severity", "How bad?", CategoryAttribute.Datatype.MULTIVALUELIST, false));
        assertTrue(noValues.getMessage().contains("severity"), noValues.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CategoryAttribute("pole", "Pole?",
                CategoryAttribute.Datatype.STRING, false, List.of(DRIP)));
        assertThrows(IllegalArgumentException.class, () -> new CategoryAttribute("severity", "How bad?",
                CategoryAttribute.Datatype.SINGLEVALUELIST, false, List.of(DRIP, new CategoryAttribute.Value("drip", "Drip"))));
        assertThrows(IllegalArgumentException.class, () -> new CategoryAttribute.Value(" drip", "A drip"));
    }
}
