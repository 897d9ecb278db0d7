package org.fixmyquarter.core.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.i18n.LanguagePack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Protects what a reader sees of the translations: the language picked from their browser's
 * {@code Accept-Language}, the per-key fallback (regional, language, deployment default, English,
 * then the caller's English text, never a raw key), the precedence of a city's pack, category
 * names, text direction and distances in the reader's units and number format.
 */
class MessagesTest {

    private static final Locale GERMAN = Locale.forLanguageTag("de");
    private static final Locale FRENCH = Locale.forLanguageTag("fr");

    /** Units as the real packs translate them, so numbers are formatted for the locale. */
    private static final Map<String, String> UNITS = Map.of(
            "unit.metres", "{0} m", "unit.kilometres", "{0} km", "unit.feet", "{0} ft", "unit.miles", "{0} mi");

    /** German is the deployment's language, so it is told apart from the English fallback. */
    private static Messages negotiating() {
        return Messages.of(List.of(TestPack.of("en", Map.of()), TestPack.of("de", Map.of()),
                TestPack.of("fr", Map.of()), TestPack.of("pt", Map.of()), TestPack.of("ar", Map.of())), GERMAN);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "de;q=0.5, fr;q=0.9          | fr",
        "fr-CA                       | fr",
        "FR-ca                       | fr",
        "pt-BR                       | pt",
        "pt-BR, pt;q=0.9, en;q=0.8   | pt",
        "fr;q=0, pt;q=0.1            | pt",
        "ja, en;q=0.5                | en",
    })
    void negotiatePicksTheBestAvailableLanguage(String header, String expected) {
        assertEquals(Locale.forLanguageTag(expected), negotiating().negotiate(header));
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "ja", "zh-Hant-TW", "*", "fr;q=0", "en-US;q=2", "fr;q=abc", "fr;;;q", "not a tag at all"})
    void negotiateFallsBackToTheDeploymentsLanguage(String header) {
        assertEquals(GERMAN, negotiating().negotiate(header));
    }

    @Test
    void textFallsBackKeyByKeyAndNeverShowsTheKey() {
        Messages messages = Messages.of(List.of(
                TestPack.of("en", Map.of("a", "A en", "b", "B en", "c", "C en", "d", "D en")),
                TestPack.of("de", Map.of("a", "A de", "b", "B de", "c", "C de")),
                TestPack.of("fr", Map.of("a", "A fr", "b", "B fr")),
                TestPack.of("fr-CA", Map.of("a", "A fr-CA"))), GERMAN);
        Locale canadianFrench = Locale.forLanguageTag("fr-CA");

        assertEquals("A fr-CA", messages.text(canadianFrench, "a", "A fallback", List.of()));
        assertEquals("B fr", messages.text(canadianFrench, "b", "B fallback", List.of()));
        assertEquals("C de", messages.text(canadianFrench, "c", "C fallback", List.of()), "then the deployment's language");
        assertEquals("D en", messages.text(canadianFrench, "d", "D fallback", List.of()), "then English");
        assertEquals("E fallback", messages.text(canadianFrench, "e", "E fallback", List.of()));
    }

    @Test
    void textsOfAPrefixFallBackKeyByKeyResolveQuotesAndKeepPlaceholders() {
        Messages messages = Messages.of(List.of(
                TestPack.of("en", Map.of("ui.a", "A en", "ui.b", "B en", "ui.c", "C en", "ui.d", "{0} reports",
                        "problem.x", "not a ui text")),
                TestPack.of("de", Map.of("ui.a", "A de", "ui.b", "B de")),
                TestPack.of("fr", Map.of("ui.a", "L''adresse", "ui.bad", "Bonjour {0")),
                TestPack.of("fr-CA", Map.of("ui.b", "B fr-CA"))), GERMAN);

        assertEquals(Map.of("ui.a", "L'adresse", "ui.b", "B fr-CA", "ui.c", "C en", "ui.d", "{0} reports"),
                messages.texts(Locale.forLanguageTag("fr-CA"), "ui."),
                "fr-CA, then fr, then the deployment's German, then English; a broken pattern left out");
        assertEquals(List.of("ui.a", "ui.b", "ui.c", "ui.d"), List.copyOf(messages.texts(GERMAN, "ui.").keySet()));
    }

    @Test
    void deploymentLanguageWithARegionFallsBackToItsLanguage() {
        Messages messages = Messages.of(List.of(TestPack.of("de", Map.of("a", "A de"))), Locale.forLanguageTag("de-CH"));
        assertEquals("A de", messages.text(Locale.JAPANESE, "a", "A fallback", List.of()));
    }

    @Test
    void textFillsThePlaceholders() {
        Messages messages = Messages.of(List.of(TestPack.of("fr", Map.of(
                "problem.not-found.detail", "Il n''existe aucun {0} avec l''identifiant « {1} »."))), Locale.ENGLISH);
        assertEquals("Il n'existe aucun report avec l'identifiant « abc ».",
                messages.text(FRENCH, "problem.not-found.detail", "No report with id 'abc' exists.", List.of("report", "abc")));
    }

    static Stream<Arguments> cityPackAndBasePackInEitherOrder() {
        TestPack base = new TestPack(FRENCH, 0, Map.of("title", "Titre de base", "only-in-base", "de base"));
        TestPack city = new TestPack(FRENCH, 200, Map.of("title", "Titre de la ville"));
        return Stream.of(Arguments.of(List.of(base, city)), Arguments.of(List.of(city, base)));
    }

    @ParameterizedTest
    @MethodSource("cityPackAndBasePackInEitherOrder")
    void higherOrderPackWinsPerKey(List<LanguagePack> packs) {
        Messages messages = Messages.of(packs, Locale.ENGLISH);

        assertEquals("Titre de la ville", messages.text(FRENCH, "title", "Title", List.of()));
        assertEquals("de base", messages.text(FRENCH, "only-in-base", "from base", List.of()),
                "a city rewording one key must not hide the others");
    }

    @Test
    void invalidPatternFallsBackToTheNextLanguage() {
        Messages messages = Messages.of(List.of(
                TestPack.of("fr", Map.of("greeting", "Bonjour {0")),
                TestPack.of("en", Map.of("greeting", "Hello {0}"))), Locale.ENGLISH);

        assertEquals("Hello Zoé", messages.text(FRENCH, "greeting", "Hi", List.of("Zoé")));
    }

    @Test
    void categoryNamePrefersThePackThenTheCategoryThenEnglish() {
        Messages messages = Messages.of(List.of(TestPack.of("fr", Map.of("category.road", "Voirie"))), Locale.ENGLISH);
        Locale reader = Locale.forLanguageTag("fr-FR");

        assertEquals("Voirie", messages.categoryName(category("road", "Roads", Map.of("fr", "Routes")), reader));
        assertEquals("Eau et assainissement",
                messages.categoryName(category("water", "Water", Map.of("fr", "Eau et assainissement")), reader));
        assertEquals("Other", messages.categoryName(category("other", "Other", Map.of("de", "Sonstiges")), reader));
    }

    @Test
    void categoryNameFromAPackShowsASingleApostrophe() {
        Messages messages = Messages.of(List.of(TestPack.of("fr", Map.of("category.water", "Problèmes d''eau"))),
                Locale.ENGLISH);

        assertEquals("Problèmes d'eau", messages.categoryName(category("water", "Water", Map.of()), FRENCH));
    }

    @Test
    void rightToLeftFollowsThePackOfTheLanguage() {
        Messages messages = negotiating();

        assertTrue(messages.isRightToLeft(Locale.forLanguageTag("ar")));
        assertTrue(messages.isRightToLeft(Locale.forLanguageTag("ar-EG")), "a region of Arabic runs right to left too");
        assertFalse(messages.isRightToLeft(FRENCH));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "en | 120.4     | METRIC   | 120 m",
        "en | 999.4     | METRIC   | 999 m",
        "en | 1000      | METRIC   | 1 km",
        "en | 1500      | METRIC   | 1.5 km",
        "en | 12345     | METRIC   | 12.3 km",
        "fr | 1500      | METRIC   | 1,5 km",
        "fr | 120       | METRIC   | 120 m",
        "en | 30        | IMPERIAL | 98 ft",
        "en | 160       | IMPERIAL | 525 ft",
        "en | 161       | IMPERIAL | 0.1 mi",
        "en | 2414.016  | IMPERIAL | 1.5 mi",
        "fr | 2414.016  | IMPERIAL | 1,5 mi",
    })
    void distanceUsesTheUnitsAndTheNumberFormatOfTheReader(String tag, double metres, UnitSystem units, String expected) {
        Messages messages = Messages.of(List.of(TestPack.of("en", UNITS)), Locale.ENGLISH);
        assertEquals(expected, messages.distance(Locale.forLanguageTag(tag), metres, units));
    }

    @Test
    void distanceWithoutUnitTranslationsIsStillRounded() {
        Messages messages = Messages.of(List.of(), Locale.ENGLISH);

        assertEquals("0.8 mi", messages.distance(Locale.ENGLISH, 1250, UnitSystem.IMPERIAL));
        assertEquals("1,2 km", messages.distance(FRENCH, 1234, UnitSystem.METRIC));
    }

    private static CategoryDefinition category(String code, String name, Map<String, String> names) {
        return new CategoryDefinition(code, name, null, null, names);
    }
}
