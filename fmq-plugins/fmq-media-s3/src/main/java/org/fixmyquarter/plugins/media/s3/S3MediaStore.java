package org.fixmyquarter.plugins.media.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.media.MediaStore;
import org.fixmyquarter.spi.media.StoredMedia;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Keeps each file as an object of one bucket in an S3-compatible store (AWS S3, MinIO, Ceph...),
 * under {@code fmq.plugin.s3.prefix} followed by its key, with its content type.
 *
 * <p>Switched off unless configured: without {@code fmq.plugin.s3.bucket}, {@link #init} fails
 * with "not configured", so the store never becomes the active one and the file-system store
 * (order 0) stays in charge. Once configured, its order of 100 makes it the active store. At
 * {@code init} it checks that the bucket is reachable, so a wrong name, key or endpoint shows in
 * the plugin list at start. Uploads are first written to a temporary file, since the server's
 * stream has no known length and S3 needs one; nothing is held in memory.
 *
 * <p>With {@code fmq.plugin.s3.public-base-url} (a CDN or the bucket's public address),
 * {@link #publicUrl(String)} sends browsers there instead of through the server. Thread-safe.
 */
public final class S3MediaStore implements MediaStore {

    /** The store's plugin id, also the prefix of its settings: {@code fmq.plugin.s3.*}. */
    public static final String ID = "s3";

    private static final Logger LOG = System.getLogger(S3MediaStore.class.getName());

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** Between two packets of an answer: a stalled server, not a large file. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private final PluginDescriptor descriptor = new PluginDescriptor(ID,
            PluginDescriptor.implementationVersion(S3MediaStore.class), SpiVersion.VERSION);

    private volatile S3Settings settings;
    private volatile S3Client client;

    /**
     * Creates the store; {@link #init(PluginConfig)} gives it its bucket. Called by
     * {@link java.util.ServiceLoader}.
     */
    public S3MediaStore() {
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    /**
     * Reads the settings, connects and checks that the bucket exists and may be used.
     *
     * @param config the settings {@code fmq.plugin.s3.*}
     * @throws PluginException "not configured" without a bucket; otherwise naming the wrong
     *                         setting, or saying why the bucket cannot be reached
     */
    @Override
    public void init(PluginConfig config) throws PluginException {
        S3Settings read = S3Settings.read(config);
        S3Client created = withPluginClassLoader(() -> newClient(read));
        try {
            created.headBucket(b -> b.bucket(read.bucket()));
        } catch (SdkException e) {
            created.close();
            throw S3Failures.of("reach the bucket", read, e);
        }
        close();
        settings = read;
        client = created;
        LOG.log(Level.INFO, () -> "S3 media store ready: " + read);
    }

    /**
     * @return 100: once configured, it takes over from the file-system store (order 0)
     */
    @Override
    public int order() {
        return 100;
    }

    @Override
    public StoredMedia put(String key, String contentType, InputStream content) throws PluginException {
        S3Client s3 = client();
        S3Settings current = settings;
        checkKey(key);
        Path spool = spoolFile(key);
        try {
            long size = spool(content, spool, key);
            try {
                s3.putObject(b -> b.bucket(current.bucket()).key(current.objectKey(key)).contentType(contentType)
                        .contentLength(size), RequestBody.fromFile(spool));
            } catch (SdkException e) {
                throw S3Failures.of("store '" + key + "'", current, e);
            }
            return new StoredMedia(key, contentType, size);
        } finally {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Could not remove the temporary file " + spool + ": " + e);
            }
        }
    }

    @Override
    public Optional<InputStream> open(String key) throws PluginException {
        S3Client s3 = client();
        S3Settings current = settings;
        checkKey(key);
        try {
            ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(current.bucket())
                    .key(current.objectKey(key)));
            return Optional.of(in);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
                return Optional.empty();
            }
            throw S3Failures.of("read '" + key + "'", current, e);
        } catch (SdkException e) {
            throw S3Failures.of("read '" + key + "'", current, e);
        }
    }

    /**
     * Removes the object. S3 answers a delete the same whether or not the object was there, so
     * a HEAD first tells which; a concurrent put between the two is then deleted too, as it would
     * be by a delete a moment later.
     */
    @Override
    public boolean delete(String key) throws PluginException {
        S3Client s3 = client();
        S3Settings current = settings;
        checkKey(key);
        try {
            try {
                s3.headObject(b -> b.bucket(current.bucket()).key(current.objectKey(key)));
            } catch (NoSuchKeyException e) {
                return false;
            } catch (AwsServiceException e) {
                // A HEAD answer has no body, so a missing object is a bare 404.
                if (e.statusCode() == 404) {
                    return false;
                }
                throw e;
            }
            s3.deleteObject(b -> b.bucket(current.bucket()).key(current.objectKey(key)));
            return true;
        } catch (SdkException e) {
            throw S3Failures.of("delete '" + key + "'", current, e);
        }
    }

    /**
     * @return {@code public-base-url/prefix+key}, or empty when that setting is not set (or
     *         before {@code init})
     */
    @Override
    public Optional<String> publicUrl(String key) {
        S3Settings current = settings;
        if (current == null || current.publicBaseUrl() == null || !MediaStore.isValidKey(key)) {
            return Optional.empty();
        }
        return Optional.of(current.publicBaseUrl() + "/" + current.objectKey(key));
    }

    @Override
    public void close() {
        S3Client previous = client;
        client = null;
        if (previous != null) {
            previous.close();
        }
    }

    private S3Client newClient(S3Settings read) {
        AwsCredentialsProvider credentials = read.accessKey() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(read.accessKey(), read.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT).build())
                .region(Region.of(read.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(read.pathStyle())
                // Many S3-compatible servers (older MinIO and Ceph) refuse the SDK's newer
                // default of checksums on every request; send them only where S3 requires one.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (read.endpoint() != null) {
            builder.endpointOverride(read.endpoint());
        }
        return builder.build();
    }

    private S3Client client() throws PluginException {
        S3Client current = client;
        if (current == null) {
            throw new PluginException("the S3 media store is not initialised", false, null);
        }
        return current;
    }

    private static void checkKey(String key) throws PluginException {
        if (!MediaStore.isValidKey(key)) {
            throw new PluginException("refused the media key '" + key + "': keys are 1 to 200 letters, digits, "
                    + "'-', '_', '.' and '/', without '..' or a leading '/'", false, null);
        }
    }

    private static Path spoolFile(String key) throws PluginException {
        try {
            return Files.createTempFile("fmq-s3-", ".upload");
        } catch (IOException e) {
            throw new PluginException("cannot store '" + key + "': no temporary file for the upload in "
                    + System.getProperty("java.io.tmpdir") + ": " + e, true, e);
        }
    }

    private static long spool(InputStream content, Path spool, String key) throws PluginException {
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(spool)) {
            while (true) {
                int count;
                try {
                    count = content.read(buffer);
                } catch (IOException e) {
                    // The stream is gone: trying again later cannot read it anew.
                    throw new PluginException("the upload of '" + key + "' broke off after " + size
                            + " bytes, nothing was stored: " + e, false, e);
                }
                if (count < 0) {
                    return size;
                }
                out.write(buffer, 0, count);
                size += count;
            }
        } catch (IOException e) {
            throw new PluginException("cannot store '" + key + "': the temporary file of the upload could not be "
                    + "written (disk full?): " + e, true, e);
        }
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /**
     * The SDK finds some of its parts through the thread's context class loader, which on the
     * server is the application's, not the plugins folder's one this class may come from.
     */
    private static <T> T withPluginClassLoader(java.util.function.Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(S3MediaStore.class.getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
