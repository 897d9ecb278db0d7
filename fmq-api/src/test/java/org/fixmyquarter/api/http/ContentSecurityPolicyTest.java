package org.fixmyquarter.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The page's policy: its own files only, no inline script, images also from the tile server and
 * the photos' address, and no way for a setting to slip another directive in.
 */
class ContentSecurityPolicyTest {

    @Test
    void thePageLoadsItsOwnFilesAndImagesFromTheTileServerAndTheCdn() {
        String policy = ContentSecurityPolicy.forPages(List.of("https://tile.openstreetmap.org",
                "https://cdn.fixmyquarter.example", "https://tile.openstreetmap.org"));
        assertEquals("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: "
                + "https://tile.openstreetmap.org https://cdn.fixmyquarter.example; connect-src 'self'; font-src 'self';"
                + " manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';"
                + " frame-ancestors 'none'", policy);
        assertFalse(policy.contains("unsafe"), "no inline script or style, no eval");
    }

    @Test
    void withoutTilesOrCdnImagesComeFromThePageAlone() {
        assertTrue(ContentSecurityPolicy.forPages(List.of()).contains("img-src 'self' data: blob:; "));
    }

    @Test
    void anOriginThatIsNoOriginIsRefusedRatherThanWrittenIntoThePolicy() {
        assertThrows(IllegalArgumentException.class,
                () -> ContentSecurityPolicy.forPages(List.of("https://cdn.example; script-src *")));
        assertThrows(IllegalArgumentException.class, () -> ContentSecurityPolicy.forPages(List.of("*")));
        ContentSecurityPolicy.forPages(List.of("https://*.tile.example.org:8443"));
    }

    @Test
    void theOriginOfAnAddressIsItsSchemeHostAndPort() {
        assertEquals(Optional.of("https://cdn.example.org"),
                ContentSecurityPolicy.origin(URI.create("https://CDN.example.org/media/fmq/abc.jpg")));
        assertEquals(Optional.of("http://127.0.0.1:9090"),
                ContentSecurityPolicy.origin(URI.create("http://127.0.0.1:9090/photos/abc.jpg")));
        assertEquals(Optional.empty(), ContentSecurityPolicy.origin(URI.create("/api/v1/media/abc.jpg")));
        assertEquals(Optional.empty(), ContentSecurityPolicy.origin(URI.create("file:///tmp/abc.jpg")));
    }

    @Test
    void onlyTheApiGetsTheStrictPolicy() {
        assertTrue(SecurityHeaders.isApiPath("/api/v1/reports"));
        assertFalse(SecurityHeaders.isApiPath("/index.html"));
        assertFalse(SecurityHeaders.isApiPath("/apiary.html"));
        assertFalse(SecurityHeaders.isApiPath("/webjars/leaflet/1.9.4/dist/leaflet.js"));
    }
}
