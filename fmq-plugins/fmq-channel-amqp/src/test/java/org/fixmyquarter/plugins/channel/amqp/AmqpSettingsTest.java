package org.fixmyquarter.plugins.channel.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginException;
import org.junit.jupiter.api.Test;

/** Reading and checking {@code fmq.plugin.amqp.*}, without a broker. */
class AmqpSettingsTest {

    @Test
    void defaults() throws Exception {
        AmqpSettings settings = AmqpSettings.read(PluginConfig.of(Map.of("uri", "amqp://u:p@mq.example/")));
        assertEquals(AmqpSettings.DEFAULT_EXCHANGE, settings.exchange());
        assertEquals(AmqpSettings.DEFAULT_CONNECT_TIMEOUT, settings.connectTimeout());
        assertEquals(AmqpSettings.DEFAULT_CONFIRM_TIMEOUT, settings.confirmTimeout());
        assertTrue(settings.publishes("anything.new"));
    }

    @Test
    void readsEverySetting() throws Exception {
        AmqpSettings settings = AmqpSettings.read(PluginConfig.of(Map.of("uri", "amqps://u:p@mq.example:5671/city",
                "exchange", "lyon.events", "connect-timeout", "PT2S", "confirm-timeout", "PT7S",
                "event-types", "report.created, comment.added")));
        assertEquals("lyon.events", settings.exchange());
        assertEquals(Duration.ofSeconds(2), settings.connectTimeout());
        assertEquals(Duration.ofSeconds(7), settings.confirmTimeout());
        assertEquals(Set.of("report.created", "comment.added"), settings.eventTypes());
        assertEquals("amqps://mq.example:5671/city", settings.broker());
    }

    @Test
    void withoutUriIsNotConfigured() {
        PluginException e = assertThrows(PluginException.class, () -> AmqpSettings.read(PluginConfig.empty()));
        assertTrue(e.getMessage().startsWith("not configured"), e::getMessage);
        assertFalse(e.isRetryable());
    }

    @Test
    void refusesOtherSchemesWithoutShowingThePassword() {
        PluginException e = assertThrows(PluginException.class, () -> AmqpSettings.read(PluginConfig.of(
                Map.of("uri", "http://u:s3cret@mq.example/"))));
        assertTrue(e.getMessage().contains("fmq.plugin.amqp.uri") || e.getMessage().contains("uri"), e::getMessage);
        assertFalse(e.getMessage().contains("s3cret"), e::getMessage);
    }

    @Test
    void refusesTheBrokersOwnExchangesAndZeroTimeouts() {
        assertThrows(PluginException.class, () -> AmqpSettings.read(PluginConfig.of(
                Map.of("uri", "amqp://mq.example/", "exchange", "amq.topic"))));
        assertThrows(PluginException.class, () -> AmqpSettings.read(PluginConfig.of(
                Map.of("uri", "amqp://mq.example/", "confirm-timeout", "PT0S"))));
    }

    @Test
    void toStringHidesThePassword() throws Exception {
        String text = AmqpSettings.read(PluginConfig.of(Map.of("uri", "amqp://u:s3cret@mq.example/"))).toString();
        assertFalse(text.contains("s3cret"), text);
    }
}
