package org.fixmyquarter.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {

    @TempDir
    Path temp;

    @Test
    void theDefaultIsDataInTheWorkingFolderAndTheSettingWins() {
        assertEquals(Path.of("data").toAbsolutePath(), DataFolder.locate(Map.of()));
        assertEquals(Path.of("data").toAbsolutePath(), DataFolder.locate(Map.of("FMQ_DATA_DIR", "  ")));
        assertEquals(temp.resolve("state"), DataFolder.locate(Map.of("FMQ_DATA_DIR", temp + "/x/../state")));
    }

    @Test
    void aSecondServerOnTheSameFolderIsRefusedUntilTheFirstReleasesIt() {
        Path root = temp.resolve("data");
        try (DataFolder first = DataFolder.open(root)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> DataFolder.open(root));
            assertTrue(refused.getMessage().contains("Another FixMyQuarter server (process "
                    + ProcessHandle.current().pid() + ") is using the data folder " + root), refused.getMessage());
        }
        DataFolder.open(root).close();
    }

    @Test
    void aFolderThatCannotBeCreatedIsNamedInTheError() throws Exception {
        Path file = Files.writeString(temp.resolve("plain-file"), "not a folder");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> DataFolder.open(file.resolve("data")));
        assertTrue(refused.getMessage().startsWith("Cannot create the data folder " + file.resolve("data")),
                refused.getMessage());
    }

    @Test
    void theKeystorePasswordIsGeneratedOnceOwnerOnlyUnlessGiven() throws Exception {
        try (DataFolder data = DataFolder.open(temp.resolve("data"))) {
            Optional<String> generated = data.generatedKeystorePassword(Map.of());
            assertTrue(generated.isPresent() && generated.get().length() >= 32, "a long random password");
            assertEquals(generated, data.generatedKeystorePassword(Map.of()), "kept for the next start");
            Path file = temp.resolve("data/tls/keystore.password");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(Optional.empty(), data.generatedKeystorePassword(Map.of("FMQ_TLS_KEYSTORE_PASSWORD", "mine")),
                    "a configured password is the server's to read");
        }
    }

    @Test
    void logsGoIntoTheDataFolderUnlessConfigured() {
        try (DataFolder data = DataFolder.open(temp.resolve("data"))) {
            assertEquals(temp.resolve("data/logs"), data.logs(Map.of()));
            assertEquals(temp.resolve("logs"), data.logs(Map.of("FMQ_LOG_DIR", temp.resolve("logs").toString())));
        }
    }

    @Test
    void theRuntimeIsUnpackedIntoTheDataFolderUnlessConfigured() {
        try (DataFolder data = DataFolder.open(temp.resolve("data"))) {
            assertEquals(temp.resolve("data/runtime"), data.runtimes(Map.of()));
            assertEquals(temp.resolve("scratch"), data.runtimes(Map.of("FMQ_RUNTIME_DIR", temp + "/scratch/")));
        }
    }
}
