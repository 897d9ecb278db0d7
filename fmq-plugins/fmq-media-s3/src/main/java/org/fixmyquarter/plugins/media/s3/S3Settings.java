package org.fixmyquarter.plugins.media.s3;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginException;

/**
 * The S3 store's settings ({@code fmq.plugin.s3.*}), read and checked once at {@code init}, so
 * that a mistake shows in the plugin list at start, with the setting's name, rather than at the
 * first upload.
 *
 * @param bucket        the bucket's name
 * @param region        the region to sign requests for
 * @param endpoint      the address of an S3-compatible server (MinIO, Ceph...), or {@code null} for
 *                      AWS itself
 * @param pathStyle     whether to address the bucket in the path ({@code host/bucket/key}) rather
 *                      than in the host name, as most self-hosted servers need
 * @param accessKey     the access key id, or {@code null} for the SDK's default credentials chain
 * @param secretKey     its secret, or {@code null}
 * @param prefix        put before every key as is ({@code fmq/} for a folder), or empty
 * @param publicBaseUrl the address files are published at without a trailing slash, or
 *                      {@code null} when the server serves them
 */
record S3Settings(String bucket, String region, URI endpoint, boolean pathStyle, String accessKey,
                  String secretKey, String prefix, String publicBaseUrl) {

    /** The region when {@code region} is not set; also what MinIO and s3mock answer to. */
    static final String DEFAULT_REGION = "us-east-1";

    /** S3's rules for new bucket names, loosely: self-hosted servers accept these too. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]");

    private static final Pattern REGION = Pattern.compile("[a-z0-9\\-]{1,40}");

    /** The characters of keys (MediaStore.isValidKey), so prefix + key needs no escaping in a URL. */
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_./\\-]{0,200}");

    /**
     * Reads and checks the settings.
     *
     * @param config the plugin's settings
     * @return the settings
     * @throws PluginException naming the first setting that is missing or wrong; without
     *                         {@code bucket}, saying the store is not configured
     */
    static S3Settings read(PluginConfig config) throws PluginException {
        String bucket = config.get("bucket").map(String::trim).orElseThrow(() -> new PluginException(
                "not configured: set " + config.nameOf("bucket") + " to keep photos in an S3 bucket; until then "
                        + "the server uses another media store (the file system by default)", false, null));
        if (!BUCKET.matcher(bucket).matches()) {
            throw invalid(config, "bucket", "must be a bucket name (3 to 63 lower-case letters, digits, '.' and "
                    + "'-'), not '" + bucket + "'");
        }
        String region = config.get("region", DEFAULT_REGION).trim().toLowerCase(Locale.ROOT);
        if (!REGION.matcher(region).matches()) {
            throw invalid(config, "region", "must be a region name such as eu-west-3, not '" + region + "'");
        }
        URI endpoint = null;
        Optional<String> endpointText = config.get("endpoint").map(String::trim);
        if (endpointText.isPresent()) {
            endpoint = config.httpUri("endpoint", endpointText.get());
        }
        boolean pathStyle = config.getBoolean("path-style", false);
        String accessKey = config.get("access-key").map(String::trim).orElse(null);
        String secretKey = config.get("secret-key").orElse(null);
        if (accessKey == null && secretKey != null) {
            throw invalid(config, "access-key", "is required when secret-key is set");
        }
        if (accessKey != null && secretKey == null) {
            throw invalid(config, "secret-key", "is required when access-key is set");
        }
        String prefix = config.get("prefix", "").trim();
        if (!PREFIX.matcher(prefix).matches() || prefix.startsWith("/") || prefix.contains("..")) {
            throw invalid(config, "prefix", "may hold letters, digits, '-', '_', '.' and '/' (not first), such as "
                    + "'fmq/', not '" + prefix + "'");
        }
        String publicBaseUrl = null;
        Optional<String> base = config.get("public-base-url").map(String::trim);
        if (base.isPresent()) {
            String text = base.get();
            while (text.endsWith("/")) {
                text = text.substring(0, text.length() - 1);
            }
            URI uri = config.httpUri("public-base-url", text);
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw invalid(config, "public-base-url", "must not have a query or fragment: '" + base.get() + "'");
            }
            publicBaseUrl = text;
        }
        return new S3Settings(bucket, region, endpoint, pathStyle, accessKey, secretKey, prefix, publicBaseUrl);
    }

    /**
     * @param key a media key
     * @return the object's key in the bucket
     */
    String objectKey(String key) {
        return prefix + key;
    }

    /**
     * @return where requests go, for messages: the endpoint, or AWS in the region
     */
    String where() {
        return endpoint != null ? endpoint.toString() : "AWS S3 (" + region + ")";
    }

    /** Keeps the secret out of logs and error messages. */
    @Override
    public String toString() {
        return "S3Settings[bucket=" + bucket + ", region=" + region + ", endpoint=" + endpoint + ", path-style="
                + pathStyle + ", credentials=" + (accessKey == null ? "default chain" : "access key " + accessKey)
                + ", prefix=" + prefix + ", public-base-url=" + publicBaseUrl + "]";
    }



    private static PluginException invalid(PluginConfig config, String key, String problem) {
        return new PluginException("the setting " + config.nameOf(key) + " " + problem, false, null);
    }
}
