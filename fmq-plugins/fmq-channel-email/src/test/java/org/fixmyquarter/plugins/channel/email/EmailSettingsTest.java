package org.fixmyquarter.plugins.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The administrator's view of the settings: defaults, and a start that fails with the name of the
 * setting to fix.
 */
class EmailSettingsTest {

    private static PluginConfig config(String... pairs) {
        Map<String, String> settings = new HashMap<>();
        settings.put("smtp.host", "smtp.example.org");
        settings.put("from", "FixMyQuarter <noreply@fixmyquarter.example>");
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            settings.put(pairs[i], pairs[i + 1]);
        }
        return PluginConfig.of(settings);
    }

    @Test
    void defaults() throws PluginException {
        EmailSettings settings = EmailSettings.read(config());

        assertEquals(25, settings.port());
        assertEquals(EmailSettings.StartTls.OPTIONAL, settings.startTls());
        assertEquals(Duration.ofSeconds(10), settings.timeout());
        assertNull(settings.username());
        assertNull(settings.baseUrl());
        assertEquals("noreply@fixmyquarter.example", settings.from().getAddress());
        assertEquals("fixmyquarter.example", settings.fromDomain());
        assertEquals("10000", settings.sessionProperties().getProperty("mail.smtp.timeout"));
        assertEquals("false", settings.sessionProperties().getProperty("mail.smtp.auth"));
        assertEquals("true", settings.sessionProperties().getProperty("mail.smtp.starttls.enable"));
        assertEquals("false", settings.sessionProperties().getProperty("mail.smtp.starttls.required"));
    }

    @Test
    void everySettingIsRead() throws PluginException {
        EmailSettings settings = EmailSettings.read(config("smtp.port", "587", "smtp.username", "relay",
                "smtp.password", "s3cret", "smtp.starttls", "REQUIRED", "timeout", "PT3S",
                "base-url", "https://fixmyquarter.example/city/"));

        assertEquals(587, settings.port());
        assertEquals(EmailSettings.StartTls.REQUIRED, settings.startTls());
        assertEquals("https://fixmyquarter.example/city", settings.baseUrl());
        assertEquals("3000", settings.sessionProperties().getProperty("mail.smtp.connectiontimeout"));
        assertEquals("3000", settings.sessionProperties().getProperty("mail.smtp.writetimeout"));
        assertEquals("true", settings.sessionProperties().getProperty("mail.smtp.auth"));
        assertEquals("true", settings.sessionProperties().getProperty("mail.smtp.starttls.required"));
        assertFalse(settings.toString().contains("s3cret"), settings.toString());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "smtp.host, '', fmq.plugin.email.smtp.host",
        "smtp.host, 'smtp example', fmq.plugin.email.smtp.host",
        "smtp.port, 'twenty-five', smtp.port",
        "smtp.port, 70000, fmq.plugin.email.smtp.port",
        "smtp.starttls, always, fmq.plugin.email.smtp.starttls",
        "from, '', fmq.plugin.email.from",
        "from, 'not an address', fmq.plugin.email.from",
        "from, 'a@example.org, b@example.org', fmq.plugin.email.from",
        "from, noreply, fmq.plugin.email.from",
        "timeout, 10s, timeout",
        "timeout, PT0S, fmq.plugin.email.timeout",
        "base-url, 'ftp://fixmyquarter.example', fmq.plugin.email.base-url",
        "base-url, 'fixmyquarter.example', fmq.plugin.email.base-url",
        "base-url, 'https://fix my quarter', fmq.plugin.email.base-url",
        "smtp.username, relay, fmq.plugin.email.smtp.password",
        "smtp.password, s3cret, fmq.plugin.email.smtp.username",
    })
    void aWrongSettingFailsTheStartNamingIt(String key, String value, String named) {
        PluginException failure = assertThrows(PluginException.class, () -> new EmailChannel().init(config(key, value)));

        assertFalse(failure.isRetryable());
        assertTrue(failure.getMessage().contains("'" + named + "'"), failure.getMessage());
        assertFalse(failure.getMessage().contains("s3cret"), failure.getMessage());
    }
}
