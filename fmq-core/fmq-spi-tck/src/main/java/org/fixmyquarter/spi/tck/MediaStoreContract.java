package org.fixmyquarter.spi.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import org.fixmyquarter.spi.media.MediaStore;
import org.fixmyquarter.spi.media.StoredMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link MediaStore}: what is put can be read back byte for byte, with its size
 * counted; putting under a used key replaces the file; a missing key reads as empty; delete says
 * whether there was a file; keys with folders work; a 1 MiB file survives; a public address, when
 * the store gives one (SPI 1.4), is an absolute {@code http} or {@code https} URL. Includes the tests of
 * {@link PluginContract}.
 *
 * <p>Implement {@link #createPlugin()} and point {@link #config()} at an empty store (a
 * {@code @TempDir} folder, a test bucket). Each test writes under keys of its own, starting with
 * {@code tck-} or {@code reports/tck-}, and deletes them afterwards.
 *
 * @param <T> the store's class
 */
public abstract class MediaStoreContract<T extends MediaStore> extends PluginContract<T> {

    private static final int MIB = 1024 * 1024;

    private final List<String> keysWritten = new ArrayList<>();

    /**
     * Creates the contract; subclasses are instantiated by JUnit.
     */
    protected MediaStoreContract() {
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code MediaStore.class}
     */
    @Override
    protected final Class<? super T> extensionPoint() {
        return MediaStore.class;
    }

    /**
     * Removes what the test stored, so that a real test bucket is left as it was. Not meant to be
     * called or overridden.
     */
    @AfterEach
    public final void deleteWhatWasStored() {
        T store = plugin();
        for (String key : keysWritten) {
            try {
                store.delete(key);
            } catch (Exception | AssertionError e) {
                // Best effort: the test itself reports a store that cannot delete.
            }
        }
        keysWritten.clear();
    }

    /**
     * A file put can be opened and has the same bytes; the {@link StoredMedia} returned has the
     * key, the content type and the number of bytes read.
     *
     * @throws Exception if init or the store fails
     */
    @Test
    public void putThenOpenRoundTrips() throws Exception {
        String key = newKey(".jpg");
        byte[] content = "not really a JPEG, but bytes all the same \u00e9\u00e8".getBytes(StandardCharsets.UTF_8);
        StoredMedia stored = put(key, "image/jpeg", content);
        assertEquals(key, stored.key(), "put() returned another key");
        assertEquals("image/jpeg", stored.contentType(), "put() returned another content type");
        assertEquals(content.length, stored.size(), "put() must count the size from the bytes read");
        assertArrayEquals(content, read(key), "open() returned other bytes than were put");
    }

    /**
     * Putting under a key that holds a file replaces the file, even with a shorter one.
     *
     * @throws Exception if init or the store fails
     */
    @Test
    public void putUnderSameKeyReplaces() throws Exception {
        String key = newKey(".txt");
        put(key, "text/plain", "the first, longer version of the file".getBytes(StandardCharsets.UTF_8));
        byte[] second = "second".getBytes(StandardCharsets.UTF_8);
        StoredMedia stored = put(key, "text/plain", second);
        assertEquals(second.length, stored.size(), "put() over an existing file returned the wrong size");
        assertArrayEquals(second, read(key), "putting under a used key must replace the file");
    }

    /**
     * Opening a key nothing was stored under returns an empty {@link Optional}, not an exception
     * or an empty stream.
     *
     * @throws Exception if init or the store fails
     */
    @Test
    public void openOfMissingKeyIsEmpty() throws Exception {
        Optional<InputStream> missing = initialisedPlugin().open(newKey(".jpg"));
        assertNotNull(missing, "open() returned null; return Optional.empty()");
        missing.ifPresent(MediaStoreContract::closeQuietly);
        assertTrue(missing.isEmpty(), "open() of a key never stored must return Optional.empty()");
    }

    /**
     * {@link MediaStore#delete(String)} returns {@code true} for a stored file, which is then gone,
     * and {@code false} the second time.
     *
     * @throws Exception if init or the store fails
     */
    @Test
    public void deleteReturnsTrueThenFalse() throws Exception {
        T store = initialisedPlugin();
        String key = newKey(".jpg");
        put(key, "image/jpeg", new byte[] {1, 2, 3});
        assertTrue(store.delete(key), "delete() of a stored file must return true");
        Optional<InputStream> after = store.open(key);
        after.ifPresent(MediaStoreContract::closeQuietly);
        assertTrue(after.isEmpty(), "open() after delete() still finds the file");
        assertFalse(store.delete(key), "delete() of a file already deleted must return false");
    }

    /**
     * Keys with folders, such as {@code reports/ab/photo-1.jpg}, work, and two files in one folder
     * stay apart; the server groups a report's photos this way.
     *
     * @throws Exception if init or the store fails
     */
    @Test
    public void keysWithSubFoldersWork() throws Exception {
        T store = initialisedPlugin();
        String folder = "reports/tck-" + UUID.randomUUID().toString().substring(0, 8) + "/ab/";
        byte[] first = "photo one".getBytes(StandardCharsets.UTF_8);
        byte[] second = "photo two".getBytes(StandardCharsets.UTF_8);
        put(folder + "photo-1.jpg", "image/jpeg", first);
        put(folder + "photo-2.jpg", "image/jpeg", second);
        assertArrayEquals(first, read(folder + "photo-1.jpg"));
        assertArrayEquals(second, read(folder + "photo-2.jpg"));
        assertTrue(store.delete(folder + "photo-1.jpg"), "delete() of a file in a folder must return true");
        assertArrayEquals(second, read(folder + "photo-2.jpg"), "deleting one file removed its neighbour");
    }

    /**
     * A 1 MiB file, handed over in small pieces, is stored whole: the store must read the stream to
     * its end rather than trust {@link InputStream#available()} or a single read.
     *
     * @throws Exception if init or the store fails
     */
    @Test
    public void oneMebibyteRoundTrips() throws Exception {
        byte[] content = new byte[MIB];
        new Random(20250314L).nextBytes(content);
        String key = newKey(".bin");
        StoredMedia stored = put(key, "application/octet-stream", content);
        assertEquals(MIB, stored.size(), "put() of 1 MiB returned the wrong size");
        assertArrayEquals(content, read(key), "the 1 MiB file read back differs from the one stored");
    }

    /**
     * {@link MediaStore#publicUrl(String)} (SPI 1.4) of a stored file is empty, or an absolute
     * {@code http} or {@code https} address with a host: the server hands it to browsers as is,
     * and a relative path or another scheme would send them nowhere.
     *
     * @throws Exception if init or the store fails
     */
    @Test
    public void publicUrlIsAbsoluteHttpWhenPresent() throws Exception {
        String key = newKey(".jpg");
        put(key, "image/jpeg", new byte[] {4, 5, 6});
        Optional<String> address = initialisedPlugin().publicUrl(key);
        assertNotNull(address, "publicUrl() returned null; return Optional.empty() when the server serves the file");
        if (address.isEmpty()) {
            return;
        }
        String text = address.get();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            fail("publicUrl('" + key + "') is not a valid URL: '" + text + "' (" + e.getMessage() + ")");
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        assertTrue(uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https")),
                () -> "publicUrl('" + key + "') must be an absolute http or https URL, not '" + text + "'");
        assertTrue(uri.getHost() != null && !uri.getHost().isEmpty(),
                () -> "publicUrl('" + key + "') has no host: '" + text + "'");
    }

    private String newKey(String extension) {
        return "tck-" + UUID.randomUUID() + extension;
    }

    private StoredMedia put(String key, String contentType, byte[] content) throws Exception {
        keysWritten.add(key);
        StoredMedia stored;
        try (InputStream in = new TricklingInputStream(content)) {
            stored = initialisedPlugin().put(key, contentType, in);
        }
        assertNotNull(stored, "put() returned null");
        return stored;
    }

    private byte[] read(String key) throws Exception {
        Optional<InputStream> opened = initialisedPlugin().open(key);
        assertNotNull(opened, "open() returned null");
        assertTrue(opened.isPresent(), () -> "open() finds nothing under '" + key + "', just stored");
        try (InputStream in = opened.get()) {
            return in.readAllBytes();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Only releasing a stream a failing test will report anyway.
        }
    }

    /**
     * Hands out bytes a few hundred at a time and never says how many are left, as a network
     * stream does, so that a store relying on one read or on available() is caught.
     */
    private static final class TricklingInputStream extends InputStream {
        private static final int PIECE = 997;
        private final byte[] content;
        private int position;

        TricklingInputStream(byte[] content) {
            this.content = content;
        }

        @Override
        public int read() {
            return position < content.length ? content[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (position >= content.length) {
                return -1;
            }
            int count = Math.min(Math.min(length, PIECE), content.length - position);
            System.arraycopy(content, position, buffer, offset, count);
            position += count;
            return count;
        }

        @Override
        public int available() {
            return 0;
        }
    }
}
