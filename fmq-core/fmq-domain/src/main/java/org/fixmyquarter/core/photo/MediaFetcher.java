package org.fixmyquarter.core.photo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

import org.fixmyquarter.spi.PluginException;

/**
 * Fetches a photo an app gave by address ({@code media_url} of Open311) into a file, within limits:
 * {@code http} and {@code https} only, a time limit for the whole fetch, at most the size of an
 * upload, at most {@value #MAX_REDIRECTS} redirects, and no address that is not public on the
 * internet (loopback, private networks, link-local such as a cloud's metadata service at
 * 169.254.169.254, unique-local IPv6...), checked for every address the host name resolves to and
 * again at every redirect, so that a report cannot make the server read its own network
 * (server-side request forgery). A deployment whose photos live on a private network, and the
 * tests, allow private addresses explicitly.
 *
 * <p>What the file holds is not trusted: the caller checks it with the image decoder, by its
 * content, as for an upload.
 */
public final class MediaFetcher {

    /** The most redirects followed. */
    public static final int MAX_REDIRECTS = 3;

    private final long maxBytes;
    private final Duration timeout;
    private final Predicate<InetAddress> allowed;
    private final HttpClient client;

    /**
     * @param maxBytes     the largest file, as for uploads
     * @param timeout      the longest a fetch may take, from connecting to the last byte
     * @param allowPrivate whether addresses that are not public may be fetched
     */
    public MediaFetcher(long maxBytes, Duration timeout, boolean allowPrivate) {
        this(maxBytes, timeout, allowPrivate ? address -> true : MediaFetcher::isPublic);
    }

    /** With the addresses that may be called chosen by the caller: a test's. */
    MediaFetcher(long maxBytes, Duration timeout, Predicate<InetAddress> allowed) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1");
        }
        this.maxBytes = maxBytes;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.allowed = Objects.requireNonNull(allowed, "allowed");
        // Redirects are followed here, so that each target is checked before it is called.
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @param address an address
     * @return whether it is a public internet address: not loopback, unspecified, private
     *         (10/8, 172.16/12, 192.168/16, fc00::/7), shared (100.64/10), link-local (169.254/16,
     *         fe80::/10), multicast or broadcast
     */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first != 0 && !(first == 100 && second >= 64 && second < 128) && first < 240
                    && !(first == 192 && second == 0 && (bytes[2] & 0xff) == 0);
        }
        if (address instanceof Inet6Address) {
            // fc00::/7: unique local addresses, IPv6's private networks.
            if ((bytes[0] & 0xfe) == 0xfc) {
                return false;
            }
            // ::ffff:a.b.c.d and the NAT64 prefix 64:ff9b::/96 carry an IPv4 address: judge that one.
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            if (mapped && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff || (bytes[0] & 0xff) == 0
                    && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff && (bytes[3] & 0xff) == 0x9b) {
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Fetches the address into a file.
     *
     * @param address an absolute {@code http} or {@code https} address
     * @param file    where to write what it answers
     * @throws PluginException why not, in a sentence for the log: retryable when the remote failed
     *                         or did not answer in time, not when the address or the answer is refused
     */
    public void fetch(URI address, Path file) throws PluginException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI current = address;
        for (int redirects = 0; ; redirects++) {
            check(current);
            HttpResponse<InputStream> response = send(current, deadline);
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                close(response);
                String location = response.headers().firstValue("Location").orElse(null);
                if (location == null || redirects == MAX_REDIRECTS) {
                    throw refused(address, location == null ? "a redirect without Location"
                            : "more than " + MAX_REDIRECTS + " redirects");
                }
                current = current.resolve(location);
                continue;
            }
            if (status != 200) {
                close(response);
                throw new PluginException("Fetching " + address + " failed: it answered HTTP " + status,
                        status >= 500 || status == 429, null);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                close(response);
                throw refused(address, "it is " + declared + " bytes, more than the " + maxBytes + " allowed");
            }
            copy(address, response.body(), file, deadline);
            return;
        }
    }

    private void check(URI address) throws PluginException {
        String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || address.getHost() == null) {
            throw refused(address, "only absolute http and https addresses are fetched");
        }
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(address.getHost());
        } catch (UnknownHostException e) {
            throw new PluginException("Fetching " + address + " failed: its host is unknown", true, e);
        }
        for (InetAddress one : resolved) {
            if (!allowed.test(one)) {
                throw refused(address, "its host " + address.getHost() + " is at " + one.getHostAddress()
                        + ", which is not a public address (fmq.open311.media-fetch.allow-private is false)");
            }
        }
    }

    private HttpResponse<InputStream> send(URI address, long deadline) throws PluginException {
        try {
            HttpRequest request = HttpRequest.newBuilder(address).timeout(remaining(address, deadline))
                    .header("Accept", "image/jpeg, image/png, image/webp").GET().build();
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new PluginException("Fetching " + address + " failed: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("Fetching " + address + " was interrupted", true, e);
        }
    }

    private Duration remaining(URI address, long deadline) throws PluginException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new PluginException("Fetching " + address + " took longer than " + timeout, true, null);
        }
        return Duration.ofNanos(left);
    }

    /** Copies at most the limit, and stops at the deadline even if the remote trickles. */
    private void copy(URI address, InputStream body, Path file, long deadline) throws PluginException {
        long written = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = body; OutputStream out = Files.newOutputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                written += n;
                if (written > maxBytes) {
                    throw refused(address, "it is more than the " + maxBytes + " bytes allowed");
                }
                remaining(address, deadline);
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new PluginException("Fetching " + address + " failed while reading: " + e, true, e);
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            // Nothing of it is needed.
        }
    }

    private static PluginException refused(URI address, String why) {
        return new PluginException("Not fetching " + address + ": " + why, false, null);
    }
}
