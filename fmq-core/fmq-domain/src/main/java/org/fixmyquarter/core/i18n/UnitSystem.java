package org.fixmyquarter.core.i18n;

import java.util.Locale;
import java.util.Set;

/**
 * How distances are shown to people.
 */
public enum UnitSystem {
    /** Metres and kilometres. */
    METRIC,
    /** Feet and miles. */
    IMPERIAL;

    /** The countries whose people measure distances in feet and miles. */
    private static final Set<String> IMPERIAL_COUNTRIES = Set.of("US", "LR", "MM");

    /**
     * @param locale a reader's locale
     * @return imperial for the United States, Liberia and Myanmar; else metric
     */
    public static UnitSystem forLocale(Locale locale) {
        return IMPERIAL_COUNTRIES.contains(locale.getCountry()) ? IMPERIAL : METRIC;
    }

    /**
     * Reads the deployment setting {@code fmq.i18n.units}.
     *
     * @param setting {@code auto}, {@code metric} or {@code imperial} (any case)
     * @param locale  the reader's locale, used for {@code auto}
     * @return the units to use
     * @throws IllegalArgumentException for any other setting
     */
    public static UnitSystem resolve(String setting, Locale locale) {
        switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "auto":
                return forLocale(locale);
            case "metric":
                return METRIC;
            case "imperial":
                return IMPERIAL;
            default:
                throw new IllegalArgumentException("fmq.i18n.units must be auto, metric or imperial, not '" + setting + "'");
        }
    }
}
