package org.fixmyquarter.plugins.channel.email;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.fixmyquarter.spi.PluginConfig;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

/** The SMTP server and settings the tests share. */
final class TestMail {

    static final String FROM_DOMAIN = "fixmyquarter.test";
    static final String FROM = "noreply@" + FROM_DOMAIN;

    private TestMail() {
    }

    /** A GreenMail SMTP server on a free port, new for each test. */
    static GreenMailExtension server() {
        return new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());
    }

    /** Settings for a plain SMTP server on this machine; {@code extra} are added or replace. */
    static PluginConfig config(int port, String... extra) {
        Map<String, String> settings = new HashMap<>();
        settings.put("smtp.host", "127.0.0.1");
        settings.put("smtp.port", Integer.toString(port));
        settings.put("smtp.starttls", "none");
        settings.put("from", FROM);
        settings.put("timeout", "PT5S");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return PluginConfig.of(settings);
    }

    static PluginConfig config(GreenMailExtension smtp, String... extra) {
        return config(smtp.getSmtp().getPort(), extra);
    }

    /** A port nothing listens on: one the system just handed out and that was closed again. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, null);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
