package org.fixmyquarter.plugins.channel.amqp;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.event.EventOrigin;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.NotificationChannel;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;

import jakarta.json.spi.JsonProvider;

/**
 * Publishes every event to a RabbitMQ exchange ({@code fmq.plugin.amqp.exchange}, by default
 * {@code fixmyquarter.events}, declared as a durable topic exchange if absent): one persistent JSON
 * message per event, with the event type as routing key and the event id as message id, and waits
 * for the broker's publisher confirm before saying it is delivered.
 *
 * <p>An impersonal channel: it gets one notification per event. It keeps one connection and one
 * channel, opened at the first delivery (so the server starts whether or not RabbitMQ is up) and
 * opened again at the next delivery after the connection broke. An AMQP channel must not be used
 * by two threads at once, and a confirm wait covers everything published on the channel, so
 * deliveries are published one at a time; a confirm takes about a millisecond on a local network,
 * far less than the dispatcher's pace.
 *
 * <p>Failures: RabbitMQ unreachable, a nack or no confirm within {@code confirm-timeout} are
 * retryable (the server's outbox tries again later); a refused login, a virtual host or exchange
 * the user may not use are not, and say so. An exchange that exists already is used as it is,
 * whatever its type.
 */
public final class AmqpChannel implements NotificationChannel {

    /** The channel's plugin id, also the prefix of its settings: {@code fmq.plugin.amqp.*}. */
    public static final String ID = "amqp";

    /** The AMQP {@code app-id} of every message, so consumers of a shared exchange know the sender. */
    static final String APP_ID = "fixmyquarter";

    /** A header with the report's id, so consumers can route or group without parsing the body. */
    static final String REPORT_ID_HEADER = "fmq-report-id";

    /** A header with the id of the request that caused the event, when one did (SPI 1.6's {@link EventOrigin}). */
    static final String REQUEST_ID_HEADER = "x-request-id";

    private static final Logger LOG = System.getLogger(AmqpChannel.class.getName());

    /** AMQP reply codes that no retry will change. */
    private static final int ACCESS_REFUSED = 403;
    private static final int NOT_FOUND = 404;
    private static final int NOT_ALLOWED = 530;

    private final PluginDescriptor descriptor = new PluginDescriptor(ID,
            PluginDescriptor.implementationVersion(AmqpChannel.class), SpiVersion.VERSION);

    /** Guards the connection and channel: see the class comment. */
    private final Object lock = new Object();

    private volatile AmqpSettings settings;
    private volatile AmqpMessages messages;
    private ConnectionFactory factory;
    private Connection connection;
    private Channel channel;

    /**
     * Creates the channel; {@link #init(PluginConfig)} gives it its broker. Called by
     * {@link java.util.ServiceLoader}.
     */
    public AmqpChannel() {
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    /**
     * Reads and checks the settings; makes no network call.
     *
     * @param config the settings {@code fmq.plugin.amqp.*}
     * @throws PluginException "not configured" without a uri; otherwise naming the wrong setting
     */
    @Override
    public void init(PluginConfig config) throws PluginException {
        AmqpSettings read = AmqpSettings.read(config);
        JsonProvider json;
        try {
            json = JsonProvider.provider();
        } catch (RuntimeException | LinkageError e) {
            throw new PluginException("no JSON-P (jakarta.json) implementation is available to write the "
                    + "messages: " + e, false, e);
        }
        ConnectionFactory created = connectionFactory(read, config);
        synchronized (lock) {
            settings = read;
            messages = new AmqpMessages(json);
            factory = created;
        }
        LOG.log(Level.INFO, () -> "AMQP channel ready: " + read);
    }

    @Override
    public boolean accepts(String eventType) {
        AmqpSettings current = settings;
        return current == null || current.publishes(eventType);
    }

    /**
     * Publishes the notification's event and waits for the broker to confirm it.
     *
     * @param notification the event, with the text in the channel's language
     * @throws PluginException retryable if RabbitMQ is unreachable, refused the message or did not
     *                         confirm it in time; not retryable if it refused the login or the use
     *                         of the virtual host or exchange
     */
    @Override
    public void deliver(Notification notification) throws PluginException {
        AmqpSettings current = settings;
        if (current == null) {
            throw new PluginException("the AMQP channel was not initialised", false, null);
        }
        String type = notification.event().type();
        byte[] body = messages.body(notification);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .messageId(notification.event().eventId())
                .type(type)
                .appId(APP_ID)
                .timestamp(Date.from(notification.event().occurredAt()))
                .headers(headers(notification))
                .build();
        synchronized (lock) {
            try {
                publish(current, type, properties, body);
            } catch (PluginException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // A connection that broke since the last delivery is often only noticed now; one
                // more try on a new connection spares the event a round through the outbox. A copy
                // that did reach the broker is dropped by consumers by its message id.
                PluginException failure = failure(current, e);
                if (!failure.isRetryable()) {
                    throw failure;
                }
                discard();
                LOG.log(Level.DEBUG, () -> "AMQP publish failed, trying once on a new connection: " + e);
                try {
                    publish(current, type, properties, body);
                } catch (IOException | RuntimeException again) {
                    discard();
                    throw failure(current, again);
                }
            }
        }
    }

    /**
     * The report's id, and, for an event a request caused, that request's id ({@code x-request-id})
     * and the delivery's W3C {@code traceparent}, so that a consumer's logs and traces can be
     * matched with the server's.
     */
    private static Map<String, Object> headers(Notification notification) {
        Map<String, Object> headers = new java.util.LinkedHashMap<>();
        headers.put(REPORT_ID_HEADER, notification.event().report().id());
        EventOrigin.current().ifPresent(origin -> {
            origin.requestId().ifPresent(id -> headers.put(REQUEST_ID_HEADER, id));
            origin.traceparent().ifPresent(trace -> headers.put(EventOrigin.TRACEPARENT_HEADER, trace));
        });
        return headers;
    }

    /** Closes the connection, if one is open. */
    @Override
    public void close() {
        synchronized (lock) {
            discard();
        }
    }

    /** The open connection, or {@code null}: for tests that break it under the channel. */
    Connection connection() {
        synchronized (lock) {
            return connection;
        }
    }

    /** Called with the lock held. */
    private void publish(AmqpSettings current, String routingKey, AMQP.BasicProperties properties, byte[] body)
            throws IOException, PluginException {
        Channel open = openChannel(current);
        open.basicPublish(current.exchange(), routingKey, false, properties, body);
        boolean acked;
        try {
            acked = open.waitForConfirms(current.confirmTimeout().toMillis());
        } catch (TimeoutException e) {
            // The late confirm would be counted against the next message on this channel.
            discard();
            throw new PluginException("RabbitMQ at " + current.broker() + " did not confirm the message within "
                    + current.confirmTimeout() + " (fmq.plugin." + ID + ".confirm-timeout)", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard();
            throw new PluginException("interrupted while waiting for RabbitMQ to confirm the message", true, e);
        }
        if (!acked) {
            throw new PluginException("RabbitMQ at " + current.broker() + " refused the message (nack) on exchange '"
                    + current.exchange() + "'", true, null);
        }
    }

    /** Called with the lock held: the open channel, after opening the connection if needed. */
    private Channel openChannel(AmqpSettings current) throws IOException, PluginException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        if (connection == null || !connection.isOpen()) {
            discard();
            try {
                connection = factory.newConnection("FixMyQuarter AMQP channel");
            } catch (TimeoutException e) {
                throw new PluginException("RabbitMQ at " + current.broker() + " did not answer within "
                        + current.connectTimeout() + " (fmq.plugin." + ID + ".connect-timeout)", true, e);
            }
            LOG.log(Level.INFO, () -> "AMQP channel connected to " + current.broker());
        }
        ensureExchange(current);
        Channel created = connection.createChannel();
        created.confirmSelect();
        channel = created;
        return created;
    }

    /**
     * Declares the exchange only if it is absent, so that a user allowed to write to an exchange
     * but not to configure it (a common RabbitMQ setup) can publish to one the broker's
     * administrator made.
     */
    private void ensureExchange(AmqpSettings current) throws IOException {
        Channel check = connection.createChannel();
        try {
            check.exchangeDeclarePassive(current.exchange());
            closeQuietly(check);
            return;
        } catch (IOException e) {
            if (replyCode(e) != NOT_FOUND) {
                throw e;
            }
            // The broker closed that channel with the 404.
        }
        Channel declare = connection.createChannel();
        declare.exchangeDeclare(current.exchange(), BuiltinExchangeType.TOPIC, true);
        closeQuietly(declare);
        LOG.log(Level.INFO, () -> "AMQP channel declared the durable topic exchange '" + current.exchange()
                + "' on " + current.broker());
    }

    /** Called with the lock held; never throws. */
    private void discard() {
        Connection old = connection;
        connection = null;
        channel = null;
        if (old != null) {
            // abort: a close on a broken connection would wait for an answer that never comes.
            old.abort(1000);
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "closing an AMQP channel failed: " + e);
        }
    }

    private static PluginException failure(AmqpSettings current, Exception e) {
        String broker = current.broker();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PossibleAuthenticationFailureException) {
                return new PluginException("RabbitMQ at " + broker + " refused the login: check the user and password "
                        + "in fmq.plugin." + ID + ".uri", false, e);
            }
        }
        int code = replyCode(e);
        String why = replyText(e);
        return switch (code) {
            case ACCESS_REFUSED, NOT_ALLOWED -> new PluginException("RabbitMQ at " + broker + " does not let this user "
                    + "use the virtual host or the exchange '" + current.exchange() + "': " + why, false, e);
            default -> new PluginException("publishing to RabbitMQ at " + broker + " failed: "
                    + (why != null ? why : e.toString()), true, e);
        };
    }

    /** The AMQP reply code that closed the channel or connection, or 0 if none is known. */
    private static int replyCode(Throwable e) {
        Method reason = shutdownReason(e);
        if (reason instanceof AMQP.Channel.Close close) {
            return close.getReplyCode();
        }
        if (reason instanceof AMQP.Connection.Close close) {
            return close.getReplyCode();
        }
        return 0;
    }

    private static String replyText(Throwable e) {
        Method reason = shutdownReason(e);
        if (reason instanceof AMQP.Channel.Close close) {
            return close.getReplyText();
        }
        if (reason instanceof AMQP.Connection.Close close) {
            return close.getReplyText();
        }
        return null;
    }

    private static Method shutdownReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException signal) {
                return signal.getReason();
            }
        }
        return null;
    }

    /**
     * Builds the connection factory from the settings without {@link ConnectionFactory#setUri}, which
     * for {@code amqps} would trust any certificate.
     */
    private static ConnectionFactory connectionFactory(AmqpSettings settings, PluginConfig config)
            throws PluginException {
        URI uri = settings.uri();
        ConnectionFactory created = new ConnectionFactory();
        boolean tls = "amqps".equalsIgnoreCase(uri.getScheme());
        created.setHost(uri.getHost());
        created.setPort(uri.getPort() >= 0 ? uri.getPort()
                : tls ? ConnectionFactory.DEFAULT_AMQP_OVER_SSL_PORT : ConnectionFactory.DEFAULT_AMQP_PORT);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            created.setUsername(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                created.setPassword(decode(userInfo.substring(colon + 1)));
            }
        }
        // The AMQP URI scheme: no path or "/" is the default virtual host "/", "/%2F" too.
        String path = uri.getRawPath();
        created.setVirtualHost(path == null || path.length() <= 1 ? "/" : decode(path.substring(1)));
        if (tls) {
            try {
                created.useSslProtocol(SSLContext.getDefault());
            } catch (GeneralSecurityException e) {
                throw new PluginException("the setting " + config.nameOf("uri") + " asks for TLS (amqps), which "
                        + "this Java cannot do: " + e, false, e);
            }
            created.enableHostnameVerification();
        }
        int connectMillis = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
        created.setConnectionTimeout(connectMillis);
        created.setHandshakeTimeout(connectMillis);
        // Declarations must not wait the client's default of ten minutes for a silent broker.
        created.setChannelRpcTimeout((int) Math.min(Integer.MAX_VALUE, settings.confirmTimeout().toMillis()));
        // The next delivery opens a new connection itself: recovery in the background would
        // replay declarations and confirms this class already handles, on threads of its own.
        created.setAutomaticRecoveryEnabled(false);
        created.setTopologyRecoveryEnabled(false);
        return created;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
