package org.fixmyquarter.plugins.categories;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.fixmyquarter.spi.category.CategoryAttribute;
import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.tck.CategoryProviderContract;
import org.junit.jupiter.api.Test;

/**
 * Runs the SPI test kit against the default category pack, and checks the tree every deployment
 * starts with: the eight top-level categories in display order, each with real sub-categories, all
 * named in French; a street light that is out and a water leak ask their questions.
 */
class DefaultCategoryPackTest extends CategoryProviderContract<DefaultCategoryPack> {

    @Override
    protected DefaultCategoryPack createPlugin() {
        return new DefaultCategoryPack();
    }

    @Test
    void hasTheEightTopLevelCategoriesInOrder() {
        List<String> topLevel = plugin().categories().stream()
                .filter(category -> !category.isSubcategory())
                .map(CategoryDefinition::code)
                .collect(Collectors.toList());
        assertEquals(List.of("road", "lighting", "electricity", "water", "waste", "safety", "accessibility", "other"),
                topLevel);
    }

    @Test
    void aDarkStreetLightAsksItsPoleAndALeakHowBadItIs() {
        CategoryAttribute pole = plugin().attributes("streetlight-out").get(0);
        assertEquals("pole-number", pole.code());
        assertEquals(CategoryAttribute.Datatype.STRING, pole.datatype());
        CategoryAttribute severity = plugin().attributes("water-leak").get(0);
        assertEquals(List.of("drip", "steady", "gushing"), severity.values().stream().map(CategoryAttribute.Value::key)
                .toList());
        assertEquals(List.of(), plugin().attributes("pothole"));
        List<String> codes = plugin().categories().stream().map(CategoryDefinition::code).toList();
        assertTrue(codes.containsAll(List.of("streetlight-out", "water-leak")), "questions of declared categories");
    }

    @Test
    void everyTopLevelCategoryHasAtLeastThreeSubcategories() {
        Map<String, Long> children = new TreeMap<>();
        plugin().categories().forEach(category -> {
            if (category.isSubcategory()) {
                children.merge(category.parent(), 1L, Long::sum);
            } else {
                children.putIfAbsent(category.code(), 0L);
            }
        });
        Map<String, Long> tooFew = children.entrySet().stream()
                .filter(entry -> entry.getValue() < 3)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertTrue(tooFew.isEmpty(), () -> "top-level categories with fewer than 3 sub-categories: " + tooFew);
    }

    @Test
    void everyCategoryHasAFrenchName() {
        List<String> missing = plugin().categories().stream()
                .filter(category -> category.names().get("fr") == null)
                .map(CategoryDefinition::code)
                .collect(Collectors.toList());
        assertTrue(missing.isEmpty(), () -> "categories without a French name in categories_fr.properties: " + missing);
    }
}
