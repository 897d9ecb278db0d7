package org.fixmyquarter.core.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Protects which units a reader's distances are shown in: feet and miles for the countries that
 * use them, metres elsewhere, and the {@code fmq.i18n.units} setting that overrides the locale or
 * is refused, naming the bad value, when misspelt.
 */
class UnitSystemTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"en-US, IMPERIAL", "es-US, IMPERIAL", "en-LR, IMPERIAL", "my-MM, IMPERIAL",
        "en-GB, METRIC", "fr-FR, METRIC", "en-CA, METRIC", "en, METRIC"})
    void countryDecides(String tag, UnitSystem expected) {
        assertEquals(expected, UnitSystem.forLocale(Locale.forLanguageTag(tag)));
    }

    @ParameterizedTest(name = "{0} for {1} -> {2}")
    @CsvSource({"auto, en-US, IMPERIAL", "auto, fr-FR, METRIC", "metric, en-US, METRIC",
        "IMPERIAL, fr-FR, IMPERIAL", "' Metric ', en-US, METRIC"})
    void settingOverridesOrDefersToTheLocale(String setting, String tag, UnitSystem expected) {
        assertEquals(expected, UnitSystem.resolve(setting, Locale.forLanguageTag(tag)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"miles", "", "si", "autom"})
    void otherSettingsAreRefusedNamingThem(String setting) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnitSystem.resolve(setting, Locale.US));
        assertEquals("fmq.i18n.units must be auto, metric or imperial, not '" + setting + "'", e.getMessage());
    }
}
