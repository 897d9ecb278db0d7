package org.fixmyquarter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A plugin made as docs/plugins.md says builds with the Maven a plugin author has installed, not
 * only with the wrapper that built FixMyQuarter (the invoker pass of {@code src/it/plugin-kit}):
 * Debian's Maven 3.8, whose default surefire would run none of the kit's tests, runs them all
 * through the plugin parent, and a plugin without tests fails its build.
 *
 * <p>Uses the projects the invoker pass cloned and the artifacts it installed. Needs {@code mvn} on
 * the path ({@code .ci/run} installs Debian's maven); without it the test is skipped, saying why,
 * and fails in CI ({@code CI=true}).
 */
@EnabledIfSystemProperty(named = "fmq.it.lifecycle.jar", matches = ".+")
class PluginKitMavenIT {

    private static final Path PROJECTS = Path.of(System.getProperty("fmq.it.plugin-kit", "target/it-plugin-kit"));

    @Test
    void thePluginOfTheDocsBuildsWithTheSystemMavenAndRunsItsKit() throws Exception {
        Path project = copy("jsonl-channel");
        Result build = systemMaven(project);
        assertEquals(0, build.exit(), "the system Maven build of the documented plugin failed:\n" + build.tail());
        Path reports = project.resolve("target/surefire-reports");
        for (String test : List.of("JsonlChannelTest", "AcmeCategoriesTest")) {
            String report = Files.readString(reports.resolve("TEST-org.example.fmq.jsonl." + test + ".xml"));
            int tests = Integer.parseInt(report.replaceAll("(?s).*?<testsuite[^>]* tests=\"(\\d+)\".*", "$1"));
            assertTrue(tests >= 10, test + " ran " + tests + " tests with " + build.version());
        }
        assertTrue(Files.isRegularFile(project.resolve("target/jsonl-channel-1.0.0.jar")));
    }

    @Test
    void aPluginWithoutTestsFailsItsBuild() throws Exception {
        Result build = systemMaven(copy("no-tests"));
        assertNotEquals(0, build.exit(), "a plugin whose kit ran no test must not build:\n" + build.tail());
        assertTrue(build.output().contains("No tests were executed"), build.tail());
    }

    private record Result(int exit, String output, String version) {
        String tail() {
            return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
        }
    }

    private static Result systemMaven(Path project) throws Exception {
        Process version;
        try {
            version = new ProcessBuilder("mvn", "-v").redirectErrorStream(true).start();
        } catch (IOException e) {
            String why = "PluginKitMavenIT needs Maven on the path (mvn): " + e.getMessage();
            if (System.getenv("CI") != null) {
                fail(why + "; .ci/run installs Debian's maven");
            }
            Assumptions.abort(why);
            return null;
        }
        String versionText = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .findFirst().orElse("?");
        version.waitFor(60, TimeUnit.SECONDS);
        Path log = project.resolve("build.log");
        Process build = new ProcessBuilder("mvn", "-B", "verify").directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!build.waitFor(10, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            fail("the system Maven build of " + project + " took over 10 minutes");
        }
        return new Result(build.exitValue(), Files.readString(log), versionText);
    }

    /** A fresh copy, so that the invoker's results stay as they were. */
    private static Path copy(String name) throws IOException {
        Path from = PROJECTS.resolve(name);
        assertTrue(Files.isDirectory(from), "the invoker pass did not clone " + from);
        Path to = Files.createTempDirectory("plugin-kit-" + name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(file);
                if (relative.startsWith("target") || relative.toString().equals("build.log")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }
}
