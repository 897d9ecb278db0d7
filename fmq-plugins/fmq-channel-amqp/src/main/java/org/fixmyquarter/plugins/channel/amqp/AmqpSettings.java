package org.fixmyquarter.plugins.channel.amqp;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginException;

/**
 * The channel's settings ({@code fmq.plugin.amqp.*}), read and checked once at {@code init}, so
 * that a mistake shows in the plugin list at start, with the setting's name, rather than at the
 * first event.
 *
 * @param uri            the broker, {@code amqp://user:password@host:port/vhost} (or {@code amqps://})
 * @param exchange       the exchange every event is published to
 * @param connectTimeout how long to wait for a connection and its login
 * @param confirmTimeout how long to wait for the broker to confirm a message
 * @param eventTypes     the event types to publish, or empty for all of them
 */
record AmqpSettings(URI uri, String exchange, Duration connectTimeout, Duration confirmTimeout,
                    Set<String> eventTypes) {

    static final String DEFAULT_EXCHANGE = "fixmyquarter.events";

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    /** Below the dispatcher's own limit (fmq.delivery.timeout, 10 s), so the failure says what timed out. */
    static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Reads and checks the settings.
     *
     * @param config the plugin's settings
     * @return the settings
     * @throws PluginException naming the first setting that is missing or wrong; without
     *                         {@code uri}, saying the channel is not configured
     */
    static AmqpSettings read(PluginConfig config) throws PluginException {
        String text = config.get("uri").map(String::trim).filter(s -> !s.isEmpty()).orElseThrow(
                () -> new PluginException("not configured: set " + config.nameOf("uri")
                        + " (such as amqp://user:password@rabbitmq.example:5672/) to publish every event to RabbitMQ",
                        false, null));
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            // The text may hold the password: show its shape only.
            throw invalid(config, "uri", "is not a valid address (amqp://user:password@host:port/vhost)");
        }
        if (!"amqp".equalsIgnoreCase(uri.getScheme()) && !"amqps".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw invalid(config, "uri", "must be an amqp:// or amqps:// address with a host, such as "
                    + "amqp://user:password@rabbitmq.example:5672/, not " + redact(uri));
        }
        String exchange = config.get("exchange", DEFAULT_EXCHANGE).trim();
        if (exchange.isEmpty() || exchange.startsWith("amq.")) {
            // amq.* names are the broker's own; publishing to the default exchange would need a queue per type.
            throw invalid(config, "exchange", "must be the name of an exchange of your own, not '" + exchange + "'");
        }
        Duration connect = positive(config, "connect-timeout", DEFAULT_CONNECT_TIMEOUT);
        Duration confirm = positive(config, "confirm-timeout", DEFAULT_CONFIRM_TIMEOUT);
        Set<String> types = Arrays.stream(config.get("event-types", "").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        return new AmqpSettings(uri, exchange, connect, confirm, types);
    }

    /**
     * @param eventType an event type
     * @return whether it is to be published
     */
    boolean publishes(String eventType) {
        return eventTypes.isEmpty() || eventTypes.contains(eventType);
    }

    /**
     * @return the broker's address without user and password, for logs and messages
     */
    String broker() {
        return redact(uri);
    }

    /** Keeps the password out of logs and messages. */
    @Override
    public String toString() {
        return "AmqpSettings[broker=" + broker() + ", exchange=" + exchange + ", connect-timeout=" + connectTimeout
                + ", confirm-timeout=" + confirmTimeout + ", event-types="
                + (eventTypes.isEmpty() ? "all" : eventTypes) + "]";
    }

    static String redact(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path;
    }

    private static Duration positive(PluginConfig config, String key, Duration defaultValue) throws PluginException {
        Duration value = config.getDuration(key, defaultValue);
        if (value.isNegative() || value.isZero()) {
            throw invalid(config, key, "must be longer than zero, not " + value);
        }
        return value;
    }

    private static PluginException invalid(PluginConfig config, String key, String problem) {
        return new PluginException("the setting " + config.nameOf(key) + " " + problem, false, null);
    }
}
