package org.fixmyquarter.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Protects the SPI version string the server compares against a plugin's: it must be exactly
 * {@code MAJOR.MINOR}, built from the published constants.
 */
class SpiVersionTest {

    @Test
    void currentIsMajorDotMinor() {
        assertEquals(SpiVersion.MAJOR + "." + SpiVersion.MINOR, SpiVersion.current());
    }

    @Test
    void currentParsesBackToTheConstants() {
        String current = SpiVersion.current();
        assertTrue(current.matches("\\d+\\.\\d+"), () -> "not MAJOR.MINOR: " + current);
        String[] parts = current.split("\\.");
        assertEquals(SpiVersion.MAJOR, Integer.parseInt(parts[0]));
        assertEquals(SpiVersion.MINOR, Integer.parseInt(parts[1]));
    }

    @Test
    void olderMinorVersionsOfThisMajorAreAccepted() {
        for (int minor = 0; minor <= SpiVersion.MINOR; minor++) {
            assertNull(SpiVersion.incompatibility(SpiVersion.MAJOR + "." + minor), "minor " + minor);
        }
        assertNotNull(SpiVersion.incompatibility(SpiVersion.MAJOR + "." + (SpiVersion.MINOR + 1)));
        assertNotNull(SpiVersion.incompatibility((SpiVersion.MAJOR + 1) + ".0"));
    }
}
