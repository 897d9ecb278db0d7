package org.fixmyquarter.plugins.media.filesystem;

import java.nio.file.Path;
import java.util.Map;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.tck.MediaStoreContract;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the SPI test kit against the file-system store, in a fresh folder per test.
 */
class FileSystemMediaStoreContractTest extends MediaStoreContract<FileSystemMediaStore> {

    @TempDir
    Path root;

    @Override
    protected FileSystemMediaStore createPlugin() {
        return new FileSystemMediaStore();
    }

    @Override
    protected PluginConfig config() {
        return PluginConfig.of(Map.of("root", root.toString()));
    }
}
