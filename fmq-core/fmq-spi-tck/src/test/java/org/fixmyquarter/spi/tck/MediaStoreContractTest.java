package org.fixmyquarter.spi.tck;

import static org.fixmyquarter.spi.tck.KitAssertions.assertFailsExactly;
import static org.fixmyquarter.spi.tck.KitAssertions.assertPasses;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.media.MediaStore;
import org.fixmyquarter.spi.media.StoredMedia;
import org.junit.jupiter.api.Test;

/**
 * Sample stores, a correct in-memory one and ones breaking one rule each of
 * {@link MediaStoreContract}.
 */
class MediaStoreContractTest {

    /** A correct store in memory. */
    public static class InMemory implements MediaStore {
        final Map<String, byte[]> files = new ConcurrentHashMap<>();

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("sample-media", "1.0.0", SpiVersion.VERSION);
        }

        @Override
        public StoredMedia put(String key, String contentType, InputStream content) throws PluginException {
            byte[] bytes = read(content);
            files.put(key, bytes);
            return new StoredMedia(key, contentType, bytes.length);
        }

        @Override
        public Optional<InputStream> open(String key) {
            return Optional.ofNullable(files.get(key)).map(ByteArrayInputStream::new);
        }

        @Override
        public boolean delete(String key) {
            return files.remove(key) != null;
        }

        byte[] read(InputStream content) {
            try {
                return content.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Trusts a single read to return the whole file. */
    public static class SingleRead extends InMemory {
        @Override
        byte[] read(InputStream content) {
            try {
                byte[] buffer = new byte[64 * 1024];
                int count = content.read(buffer);
                return Arrays.copyOf(buffer, Math.max(count, 0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Keeps the first file put under a key. */
    public static class KeepsFirst extends InMemory {
        @Override
        public StoredMedia put(String key, String contentType, InputStream content) {
            byte[] bytes = read(content);
            files.putIfAbsent(key, bytes);
            return new StoredMedia(key, contentType, bytes.length);
        }
    }

    /** Says a file was there whether or not it was. */
    public static class DeleteAlwaysTrue extends InMemory {
        @Override
        public boolean delete(String key) {
            super.delete(key);
            return true;
        }
    }

    /** Maps keys to flat names and refuses folders. */
    public static class FlatOnly extends InMemory {
        @Override
        public StoredMedia put(String key, String contentType, InputStream content) throws PluginException {
            if (key.contains("/")) {
                throw new PluginException("folders are not supported: " + key, false, null);
            }
            return super.put(key, contentType, content);
        }
    }

    /** Reports a size of 0. */
    public static class WrongSize extends InMemory {
        @Override
        public StoredMedia put(String key, String contentType, InputStream content) throws PluginException {
            super.put(key, contentType, content);
            return new StoredMedia(key, contentType, 0);
        }
    }

    /** Gives a path on its own site instead of an absolute address. */
    public static class RelativePublicUrl extends InMemory {
        @Override
        public Optional<String> publicUrl(String key) {
            return Optional.of("/media/" + key);
        }
    }

    /** Gives an address a browser cannot fetch. */
    public static class FtpPublicUrl extends InMemory {
        @Override
        public Optional<String> publicUrl(String key) {
            return Optional.of("ftp://files.example/" + key);
        }
    }

    /** Gives a CDN address. */
    public static class CdnPublicUrl extends InMemory {
        @Override
        public Optional<String> publicUrl(String key) {
            return Optional.of("https://cdn.example/media/" + key);
        }
    }

    static class InMemoryTest extends MediaStoreContract<InMemory> {
        @Override
        protected InMemory createPlugin() {
            return new InMemory();
        }
    }

    static class SingleReadTest extends MediaStoreContract<SingleRead> {
        @Override
        protected SingleRead createPlugin() {
            return new SingleRead();
        }
    }

    static class KeepsFirstTest extends MediaStoreContract<KeepsFirst> {
        @Override
        protected KeepsFirst createPlugin() {
            return new KeepsFirst();
        }
    }

    static class DeleteAlwaysTrueTest extends MediaStoreContract<DeleteAlwaysTrue> {
        @Override
        protected DeleteAlwaysTrue createPlugin() {
            return new DeleteAlwaysTrue();
        }
    }

    static class FlatOnlyTest extends MediaStoreContract<FlatOnly> {
        @Override
        protected FlatOnly createPlugin() {
            return new FlatOnly();
        }
    }

    static class WrongSizeTest extends MediaStoreContract<WrongSize> {
        @Override
        protected WrongSize createPlugin() {
            return new WrongSize();
        }
    }

    static class RelativePublicUrlTest extends MediaStoreContract<RelativePublicUrl> {
        @Override
        protected RelativePublicUrl createPlugin() {
            return new RelativePublicUrl();
        }
    }

    static class FtpPublicUrlTest extends MediaStoreContract<FtpPublicUrl> {
        @Override
        protected FtpPublicUrl createPlugin() {
            return new FtpPublicUrl();
        }
    }

    static class CdnPublicUrlTest extends MediaStoreContract<CdnPublicUrl> {
        @Override
        protected CdnPublicUrl createPlugin() {
            return new CdnPublicUrl();
        }
    }

    @Test
    void correctStorePasses() {
        assertPasses(InMemoryTest.class, 15);
    }

    @Test
    void storeWithAbsolutePublicUrlPasses() {
        assertPasses(CdnPublicUrlTest.class, 15);
    }

    @Test
    void relativePublicUrlFails() {
        assertFailsExactly(RelativePublicUrlTest.class, "publicUrlIsAbsoluteHttpWhenPresent");
    }

    @Test
    void publicUrlOfAnotherSchemeFails() {
        assertFailsExactly(FtpPublicUrlTest.class, "publicUrlIsAbsoluteHttpWhenPresent");
    }

    @Test
    void storeReadingOncePassesSmallFilesButFailsTheLargeOne() {
        assertFailsExactly(SingleReadTest.class, "oneMebibyteRoundTrips");
    }

    @Test
    void storeNotReplacingFails() {
        assertFailsExactly(KeepsFirstTest.class, "putUnderSameKeyReplaces");
    }

    @Test
    void deleteThatAlwaysFindsAFileFails() {
        assertFailsExactly(DeleteAlwaysTrueTest.class, "deleteReturnsTrueThenFalse");
    }

    @Test
    void storeWithoutFoldersFails() {
        assertFailsExactly(FlatOnlyTest.class, "keysWithSubFoldersWork");
    }

    @Test
    void wrongSizeFails() {
        assertFailsExactly(WrongSizeTest.class, "putThenOpenRoundTrips", "putUnderSameKeyReplaces",
                "oneMebibyteRoundTrips");
    }
}
