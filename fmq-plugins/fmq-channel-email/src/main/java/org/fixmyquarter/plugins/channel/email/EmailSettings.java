package org.fixmyquarter.plugins.channel.email;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginException;

/**
 * The e-mail channel's settings ({@code fmq.plugin.email.*}), read and checked once at
 * {@code init}: every mistake is reported with the name of the setting, so the administrator sees
 * it in the plugin list at start rather than at the first mail.
 *
 * @param host     the SMTP server's host name
 * @param port     its port
 * @param username the user to authenticate as, or {@code null} for no authentication
 * @param password the user's password, or {@code null}
 * @param startTls whether to upgrade the connection with STARTTLS
 * @param from     the sender of every mail
 * @param timeout  the limit of connecting, and of each read and write
 * @param baseUrl  the web page's address without a trailing slash, or {@code null} for mails
 *                 without a link
 */
record EmailSettings(String host, int port, String username, String password, StartTls startTls,
                     InternetAddress from, Duration timeout, String baseUrl) {

    /** The prefix of the channel's settings in the server's configuration, for messages. */
    static final String PREFIX = "fmq.plugin." + EmailChannel.ID + ".";

    /** The SMTP port when {@code smtp.port} is not set. */
    static final int DEFAULT_PORT = 25;

    /** The connect, read and write limit when {@code timeout} is not set. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Whether and how the connection to the SMTP server is upgraded to TLS. */
    enum StartTls {
        /** Plain SMTP, for a relay on the same host or a test server. */
        NONE,
        /** TLS when the server offers it, plain otherwise. */
        OPTIONAL,
        /** TLS or no mail: the connection fails if the server does not offer it. */
        REQUIRED
    }

    /**
     * Reads and checks the settings.
     *
     * @param config the plugin's settings
     * @return the settings
     * @throws PluginException naming the first setting that is missing or wrong
     */
    static EmailSettings read(PluginConfig config) throws PluginException {
        String host = config.get("smtp.host").map(String::trim).orElseThrow(() -> invalid("smtp.host",
                "is required when the e-mail channel is enabled: set it to your SMTP server's host name"));
        if (host.contains(" ") || host.contains("/")) {
            throw invalid("smtp.host", "must be a host name or address, not '" + host + "'");
        }
        int port = config.getInt("smtp.port", DEFAULT_PORT);
        if (port < 1 || port > 65535) {
            throw invalid("smtp.port", "must be a port number from 1 to 65535, not " + port);
        }
        String username = config.get("smtp.username").orElse(null);
        String password = config.get("smtp.password").orElse(null);
        if (username == null && password != null) {
            throw invalid("smtp.username", "is required when smtp.password is set");
        }
        if (username != null && password == null) {
            throw invalid("smtp.password", "is required when smtp.username is set");
        }
        return new EmailSettings(host, port, username, password, startTls(config), from(config),
                timeout(config), baseUrl(config.get("base-url")));
    }

    /**
     * The Jakarta Mail session properties of these settings.
     *
     * @return properties for {@code Session.getInstance}
     */
    Properties sessionProperties() {
        String millis = Long.toString(timeout.toMillis());
        Properties properties = new Properties();
        properties.setProperty("mail.transport.protocol", "smtp");
        properties.setProperty("mail.smtp.host", host);
        properties.setProperty("mail.smtp.port", Integer.toString(port));
        properties.setProperty("mail.smtp.connectiontimeout", millis);
        properties.setProperty("mail.smtp.timeout", millis);
        properties.setProperty("mail.smtp.writetimeout", millis);
        properties.setProperty("mail.smtp.auth", Boolean.toString(username != null));
        properties.setProperty("mail.smtp.starttls.enable", Boolean.toString(startTls != StartTls.NONE));
        properties.setProperty("mail.smtp.starttls.required", Boolean.toString(startTls == StartTls.REQUIRED));
        properties.setProperty("mail.smtp.from", from.getAddress());
        properties.setProperty("mail.mime.charset", "UTF-8");
        return properties;
    }

    /**
     * @return the domain of the sender's address, for the mails' {@code Message-ID}
     */
    String fromDomain() {
        String address = from.getAddress();
        return address.substring(address.lastIndexOf('@') + 1);
    }

    /** Keeps the password out of logs and error messages. */
    @Override
    public String toString() {
        return "EmailSettings[smtp://" + (username == null ? "" : username + "@") + host + ":" + port
                + ", starttls=" + startTls.name().toLowerCase(Locale.ROOT) + ", from=" + from + ", timeout=" + timeout
                + ", base-url=" + baseUrl + "]";
    }

    private static StartTls startTls(PluginConfig config) throws PluginException {
        String value = config.get("smtp.starttls", "optional").trim();
        for (StartTls mode : StartTls.values()) {
            if (mode.name().equalsIgnoreCase(value)) {
                return mode;
            }
        }
        throw invalid("smtp.starttls", "must be none, optional or required, not '" + value + "'");
    }

    private static InternetAddress from(PluginConfig config) throws PluginException {
        String value = config.get("from").map(String::trim).orElseThrow(() -> invalid("from",
                "is required: the address mails are sent from, such as noreply@fixmyquarter.example"));
        try {
            InternetAddress[] parsed = InternetAddress.parse(value, true);
            if (parsed.length != 1) {
                throw invalid("from", "must be one e-mail address, not '" + value + "'");
            }
            parsed[0].validate();
            if (!parsed[0].getAddress().contains("@")) {
                throw invalid("from", "must be a full e-mail address with a domain, not '" + value + "'");
            }
            return parsed[0];
        } catch (AddressException e) {
            throw new PluginException("the setting '" + PREFIX + "from' is not a valid e-mail address: '" + value + "' ("
                    + e.getMessage() + ")", false, e);
        }
    }

    private static Duration timeout(PluginConfig config) throws PluginException {
        Duration timeout = config.getDuration("timeout", DEFAULT_TIMEOUT);
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw invalid("timeout", "must be a positive ISO-8601 duration of at most 24 days, such as PT10S, not "
                    + timeout);
        }
        return timeout;
    }

    private static String baseUrl(Optional<String> value) throws PluginException {
        if (value.isEmpty()) {
            return null;
        }
        String text = value.get().trim();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw invalid("base-url", "must be the web page's http or https address, such as "
                        + "https://fixmyquarter.example, not '" + text + "'");
            }
        } catch (URISyntaxException e) {
            throw new PluginException("the setting '" + PREFIX + "base-url' is not a valid address: '" + text + "' ("
                    + e.getMessage() + ")", false, e);
        }
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static PluginException invalid(String key, String problem) {
        return new PluginException("the setting '" + PREFIX + key + "' " + problem, false, null);
    }
}
