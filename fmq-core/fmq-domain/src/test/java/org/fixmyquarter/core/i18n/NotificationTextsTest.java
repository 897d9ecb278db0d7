package org.fixmyquarter.core.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportSnapshot;
import org.fixmyquarter.spi.event.ReportStatusChanged;
import org.fixmyquarter.spi.notification.Notification;
import org.junit.jupiter.api.Test;

/**
 * Protects the notifications people receive: written in their language with translated status and
 * category names, the time shown in the deployment's zone (not UTC), the position's accuracy in
 * their units, and the English text, never raw keys, when their language has no translation.
 */
class NotificationTextsTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Locale FRANCE = Locale.forLanguageTag("fr-FR");
    /** Late evening in UTC is already the next day in Paris. */
    private static final Instant AT = Instant.parse("2026-11-25T23:30:00Z");

    private static final TestPack FRENCH = TestPack.of("fr", Map.of(
            "status.open", "ouvert",
            "status.in_progress", "en cours de traitement",
            "category.road", "Voirie",
            "unit.metres", "{0} m",
            "unit.kilometres", "{0} km",
            "notification.report.created.subject", "Nouveau signalement : {0}",
            "notification.report.created.text", "Nouveau problème signalé le {2}.\nTitre : {0}\nCatégorie : {1}\n"
                    + "Position : {3} (à {4} près)\nAdresse : {5}\n\n{6}",
            "notification.report.created.text-without-position", "Nouveau problème signalé le {2}.\nTitre : {0}\n"
                    + "Catégorie : {1}\nAdresse : {5}\n\n{6}",
            "notification.report.status_changed.subject", "Le signalement « {0} » est maintenant {2}",
            "notification.report.status_changed.text", "{3} a fait passer le signalement « {0} » de {1} à {2} "
                    + "le {4}.\nMotif : {5}"));

    private static final ReportSnapshot REPORT = new ReportSnapshot("r1", "Nid-de-poule rue Victor Hugo",
            "Profond, près de l'arrêt {0}", "road", 48.8566, 2.3522, 1500.0, "12 rue Victor Hugo", "open", "Zoé", AT, AT);

    private static NotificationTexts texts(String units, TestPack... packs) {
        return new NotificationTexts(Messages.of(List.of(packs), Locale.ENGLISH), TestCategories.catalog(), PARIS, units);
    }

    @Test
    void reportCreatedInFrench() {
        ReportCreated event = new ReportCreated("e1", AT, REPORT);

        Notification notification = texts("auto", FRENCH).render(event, FRANCE);

        assertSame(event, notification.event());
        assertEquals(FRANCE, notification.locale());
        assertEquals("Nouveau signalement : Nid-de-poule rue Victor Hugo", notification.subject());
        String text = notification.text();
        assertTrue(text.contains("Catégorie : Voirie\n"), text);
        assertTrue(text.contains("26 nov. 2026") && text.contains("00:30"), text);
        assertFalse(text.contains("23:30"), () -> "shown in UTC: " + text);
        assertTrue(text.contains("Position : 48.85660, 2.35220 (à 1,5 km près)"), text);
        assertTrue(text.contains("Adresse : 12 rue Victor Hugo"), text);
        // What the citizen typed is a value, not a pattern: its apostrophe and braces stay as they are.
        assertTrue(text.endsWith("\n\nProfond, près de l'arrêt {0}"), text);
    }

    @Test
    void aReportWithoutPositionIsPlacedByItsAddress() {
        ReportSnapshot unlocated = new ReportSnapshot("r2", "Lampadaires éteints", null, "road", Double.NaN,
                Double.NaN, null, "Quartier Saint-Vincent, chemin du canal", "open", "Zoé", AT, AT);

        String text = texts("auto", FRENCH).render(new ReportCreated("e3", AT, unlocated), FRANCE).text();

        assertTrue(text.contains("Adresse : Quartier Saint-Vincent, chemin du canal"), text);
        assertFalse(text.contains("Position") || text.contains("NaN"), text);
        String english = texts("auto").render(new ReportCreated("e3", AT, unlocated), Locale.ENGLISH).text();
        assertTrue(english.contains("Address: Quartier Saint-Vincent") && !english.contains("NaN"), english);
    }

    @Test
    void reportStatusChangedInFrench() {
        ReportStatusChanged event = new ReportStatusChanged("e2", AT, REPORT, "open", "in_progress",
                "Service voirie", "Équipe envoyée sur place");

        Notification notification = texts("auto", FRENCH).render(event, FRANCE);

        assertEquals("Le signalement « Nid-de-poule rue Victor Hugo » est maintenant en cours de traitement",
                notification.subject());
        String text = notification.text();
        assertTrue(text.startsWith("Service voirie a fait passer le signalement « Nid-de-poule rue Victor Hugo » "
                + "de ouvert à en cours de traitement le "), text);
        assertTrue(text.contains("26 nov. 2026") && text.contains("00:30"), text);
        assertTrue(text.endsWith("\nMotif : Équipe envoyée sur place"), text);
    }

    @Test
    void readerWithoutATranslationGetsEnglishInImperialUnits() {
        // Only the units are translated: every notification key falls back to the built-in English.
        TestPack english = TestPack.of("en", Map.of("unit.feet", "{0} ft", "unit.miles", "{0} mi"));
        ReportSnapshot report = new ReportSnapshot("r1", "Pothole", null, "road", 40.7128, -74.006, 15.0, null, "open",
                "Anonymous", AT, AT);

        Notification notification = texts("auto", english).render(new ReportCreated("e1", AT, report), Locale.US);

        assertEquals("New report: Pothole", notification.subject());
        String text = notification.text();
        assertTrue(text.startsWith("A new problem was reported on Nov 26, 2026"), text);
        assertTrue(text.contains("Category: Roads and pavements\n"), text);
        assertTrue(text.endsWith("Position: 40.71280, -74.00600 (within 49 ft)"), text);
        assertFalse(text.contains("notification."), text);
    }

    @Test
    void unitSettingOverridesTheReadersLocale() {
        Notification notification = texts("metric", TestPack.of("en", Map.of("unit.kilometres", "{0} km")))
                .render(new ReportCreated("e1", AT, REPORT), Locale.US);

        assertTrue(notification.text().contains("(within 1.5 km)"), notification.text());
    }

    @Test
    void misspeltUnitSettingFailsAtStartNotAtTheFirstNotification() {
        assertThrows(IllegalArgumentException.class, () -> texts("kilometres"));
    }
}
