package org.fixmyquarter.spi.media;

import java.io.InputStream;
import java.util.Optional;
import java.util.regex.Pattern;

import org.fixmyquarter.spi.Plugin;
import org.fixmyquarter.spi.PluginException;

/**
 * Keeps the photos and attachments of reports: on the file system by default, in an
 * S3-compatible object store in production. The server uses the store with the highest
 * {@link #order()}.
 *
 * <p>Keys are chosen by the server: 1 to 200 characters of letters, digits, {@code -}, {@code _},
 * {@code .} and {@code /}, never starting with {@code /} or containing {@code ..}; see
 * {@link #isValidKey(String)}. Storing under an existing key replaces the file.
 */
public interface MediaStore extends Plugin {

    /**
     * Stores a file, reading the stream to its end (the caller closes it).
     *
     * @param key         where to store it
     * @param contentType its media type, for example {@code image/jpeg}
     * @param content     its bytes
     * @return what was stored, with its length counted from the bytes read
     * @throws PluginException if the file could not be stored; say whether a retry may help
     */
    StoredMedia put(String key, String contentType, InputStream content) throws PluginException;

    /**
     * Opens a stored file for reading; the caller closes the stream.
     *
     * @param key the key it was stored under
     * @return its bytes, or empty if there is no file under that key
     * @throws PluginException if the store could not be read
     */
    Optional<InputStream> open(String key) throws PluginException;

    /**
     * Removes a file; removing a missing file is not an error.
     *
     * @param key the key it was stored under
     * @return whether a file was there
     * @throws PluginException if the store could not be changed
     */
    boolean delete(String key) throws PluginException;

    /**
     * An address where anyone may fetch a file without going through the server, such as a CDN or
     * a public bucket. The server asks only for files it publishes (a report's photos), so a store
     * may answer without checking that the file exists, and should answer without a network call:
     * the server may ask for every photo of a page.
     *
     * @param key the key the file was stored under
     * @return an absolute {@code http} or {@code https} address, or empty (the default) when the
     *         server serves the file itself from {@link #open(String)}
     * @since SPI 1.4
     */
    default Optional<String> publicUrl(String key) {
        return Optional.empty();
    }

    /**
     * Whether a key is one the server may use, for stores that map keys to paths.
     *
     * @param key a key
     * @return whether it is well-formed and cannot climb out of the store
     */
    static boolean isValidKey(String key) {
        return key != null && KeyRules.KEY.matcher(key).matches() && !key.contains("..") && !key.startsWith("/");
    }

    /** Holds the compiled pattern, since an interface cannot have private fields. */
    final class KeyRules {
        private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_./-]{1,200}");

        private KeyRules() {
        }
    }
}
