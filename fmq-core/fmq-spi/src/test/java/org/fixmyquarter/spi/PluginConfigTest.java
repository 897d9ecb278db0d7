package org.fixmyquarter.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The typed readings plugins share, so that every plugin refuses a wrong setting with the same
 * words and none reads a typo as a default.
 */
class PluginConfigTest {

    private final PluginConfig config = PluginConfig.of(Map.of("on", " TRUE ", "off", "false", "typo", "yes",
            "site", "https://helpdesk.example.org/open311", "ftp", "ftp://files.example.org", "bare", "helpdesk:80",
            "broken", "http://exa mple.org"));

    @Test
    void aBooleanIsTrueOrFalseInAnyCaseAndNothingElse() throws PluginException {
        assertTrue(config.getBoolean("on", false));
        assertFalse(config.getBoolean("off", true));
        assertTrue(config.getBoolean("unset", true));
        PluginException typo = assertThrows(PluginException.class, () -> config.getBoolean("typo", false));
        assertEquals("the setting 'typo' must be true or false, not 'yes'", typo.getMessage());
        assertFalse(typo.isRetryable());
    }

    @Test
    void anAddressMustBeAbsoluteHttpOrHttps() throws PluginException {
        assertEquals(URI.create("https://helpdesk.example.org/open311"),
                config.httpUri("site", config.require("site")));
        for (String key : new String[] {"ftp", "bare"}) {
            PluginException refused = assertThrows(PluginException.class, () -> config.httpUri(key, config.require(key)));
            assertTrue(refused.getMessage().startsWith("the setting '" + key + "' must be an absolute http or https"
                    + " address"), refused.getMessage());
        }
        assertTrue(assertThrows(PluginException.class, () -> config.httpUri("broken", config.require("broken")))
                .getMessage().startsWith("the setting 'broken' is not a valid address"));
    }
}
