package org.fixmyquarter.plugins.media.s3;

import java.util.Map;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.tck.MediaStoreContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the SPI test kit against the S3 store and a real S3 server (S3Mock), with a public base
 * address so that the kit's publicUrl check has an address to check.
 */
@ExtendWith(S3MockExtension.class)
class S3MediaStoreContractTest extends MediaStoreContract<S3MediaStore> {

    private S3MockServer s3;

    @BeforeEach
    void server(S3MockServer server) {
        s3 = server;
    }

    @Override
    protected S3MediaStore createPlugin() {
        return new S3MediaStore();
    }

    @Override
    protected PluginConfig config() {
        return PluginConfig.of(Map.of("bucket", S3MockExtension.BUCKET, "endpoint", s3.endpoint().toString(),
                "path-style", "true", "access-key", "test", "secret-key", "test", "prefix", "contract/",
                "public-base-url", "https://cdn.example/media/"));
    }
}
