package org.fixmyquarter.api.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * Reading the web page's settings: the shipped defaults work, "no tiles" is expressible, and each
 * wrong value stops the start with a message naming its setting.
 */
class SiteSettingsTest {

    private static final String OSM = SiteConfiguration.OSM_TILES;

    @Test
    void theDefaultsGiveParisOnOpenStreetMap() {
        SiteSettings settings = SiteSettings.parse("FixMyQuarter", "48.8566,2.3522", "13", OSM,
                "© OpenStreetMap contributors", "19");
        assertEquals("FixMyQuarter", settings.name());
        assertEquals(48.8566, settings.map().latitude());
        assertEquals(2.3522, settings.map().longitude());
        assertEquals(13, settings.map().zoom());
        assertEquals(Optional.of(new SiteSettings.Tiles(OSM, "© OpenStreetMap contributors", 19,
                "https://tile.openstreetmap.org")), settings.map().tiles());
    }

    @Test
    void anEmptyTileUrlOrNoneMeansNoTileServer() {
        assertEquals(Optional.empty(), SiteSettings.parse("Quartier", " -33.86 , 151.2 ", "0", "", "", "x")
                .map().tiles(), "neither attribution nor max zoom matter then");
        assertEquals(Optional.empty(), SiteSettings.parse("Quartier", "0,0", "22", "none", "", "").map().tiles());
    }

    @Test
    void aTileServerWithSubdomainsGetsAWildcardOrigin() {
        SiteSettings settings = SiteSettings.parse("Q", "0,0", "3", "https://{s}.tiles.example.org:8443/{z}/{x}/{y}.png",
                "© Example", "18");
        assertEquals("https://*.tiles.example.org:8443", settings.map().tiles().orElseThrow().origin());
    }

    @Test
    void eachWrongSettingIsNamed() {
        assertNamed("fmq.site.name", () -> SiteSettings.parse(" ", "0,0", "3", OSM, "©", "19"));
        assertNamed("fmq.site.name", () -> SiteSettings.parse("x".repeat(101), "0,0", "3", OSM, "©", "19"));
        assertNamed("fmq.map.centre", () -> SiteSettings.parse("Q", "48.8566", "3", OSM, "©", "19"));
        assertNamed("fmq.map.centre", () -> SiteSettings.parse("Q", "91,2", "3", OSM, "©", "19"));
        assertNamed("fmq.map.centre", () -> SiteSettings.parse("Q", "2.35;48.85", "3", OSM, "©", "19"));
        assertNamed("fmq.map.zoom", () -> SiteSettings.parse("Q", "0,0", "23", OSM, "©", "19"));
        assertNamed("fmq.map.zoom", () -> SiteSettings.parse("Q", "0,0", "twelve", OSM, "©", "19"));
        assertNamed("fmq.map.tiles.url", () -> SiteSettings.parse("Q", "0,0", "3", "tile.openstreetmap.org", "©", "19"));
        assertNamed("fmq.map.tiles.url", () -> SiteSettings.parse("Q", "0,0", "3",
                "https://tile.example.org/tiles.png", "©", "19"));
        assertNamed("fmq.map.tiles.url", () -> SiteSettings.parse("Q", "0,0", "3",
                "https://tile.example.org;script-src/{z}/{x}/{y}.png", "©", "19"));
        assertNamed("fmq.map.tiles.url", () -> SiteSettings.parse("Q", "0,0", "3",
                "javascript:alert(1)//{z}/{x}/{y}", "©", "19"));
        assertNamed("fmq.map.tiles.attribution", () -> SiteSettings.parse("Q", "0,0", "3", OSM, " ", "19"));
        assertNamed("fmq.map.tiles.max-zoom", () -> SiteSettings.parse("Q", "0,0", "3", OSM, "©", "-1"));
    }

    private static void assertNamed(String setting, Runnable parse) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parse::run);
        assertTrue(e.getMessage().startsWith(setting + " "), e.getMessage());
    }
}
