package org.fixmyquarter.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Docker engine or Kubernetes cluster runs where the project is built, so the files under
 * {@code deploy/} are checked by linters: the Dockerfile with dockerfile_lint and the project's rules,
 * the shell scripts with shellcheck, every YAML file with yamllint, the compose files with dclint
 * (the Compose Specification's schema and its best practices), the Kubernetes manifests against the
 * API's schemas, and the nginx configuration with {@code nginx -t}. The Debian tools come from
 * {@code .ci/run}, the npm ones from {@code src/test/deploy-lint} (installed by the build). A missing
 * linter skips its test on a developer's machine and fails it in CI ({@code CI=true}).
 */
class DeployFilesTest {

    private static final Path DEPLOY = Path.of(System.getProperty("fmq.deploy.dir", "../deploy")).toAbsolutePath()
            .normalize();
    private static final Path NODE_TOOLS = Path.of(System.getProperty("fmq.deploy.lint.dir", "target/deploy-lint"))
            .toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @Test
    void theDockerfileFollowsTheProjectsRules() throws Exception {
        Path linter = npmTool("dockerfile_lint");
        Result result = run(linter.toString(), "-r", DEPLOY.resolve("docker/dockerfile_lint.yaml").toString(), "-f",
                DEPLOY.resolve("docker/Dockerfile").toString());
        assertEquals(0, result.status(), result.output());
    }

    @Test
    void theShellScriptsPassShellcheck() throws Exception {
        String shellcheck = debianTool("shellcheck", "shellcheck");
        List<String> scripts = files(DEPLOY, ".sh");
        assertTrue(scripts.size() >= 5, "the entrypoint and the compose scripts: " + scripts);
        List<String> command = new ArrayList<>(List.of(shellcheck, "--severity=style"));
        command.addAll(scripts);
        Result result = run(command);
        assertEquals(0, result.status(), result.output());
    }

    @Test
    void everyYamlFilePassesYamllint() throws Exception {
        String yamllint = debianTool("yamllint", "yamllint");
        Result result = run(yamllint, "--strict", "-c", DEPLOY.resolve(".yamllint.yaml").toString(), DEPLOY.toString());
        assertEquals(0, result.status(), result.output());
    }

    @Test
    void theComposeFilesPassDclint() throws Exception {
        Path dclint = npmTool("dclint");
        List<String> command = new ArrayList<>(List.of(dclint.toString(), "--max-warnings", "0", "--color", "false"));
        command.addAll(composeFiles());
        Result result = run(command);
        assertEquals(0, result.status(), result.output());
    }

    /** A moved script or a renamed secret would otherwise surface only at a city's first `up`. */
    @Test
    void theComposeFilesNameOnlyFilesThatExistOrThatMakeSecretsMakes() throws IOException {
        String makeSecrets = Files.readString(DEPLOY.resolve("compose/make-secrets.sh"));
        List<String> missing = new ArrayList<>();
        for (String file : composeFiles()) {
            String compose = Files.readString(Path.of(file));
            Matcher mounted = Pattern.compile("- \\./([\\w./-]+):").matcher(compose);
            while (mounted.find()) {
                if (!Files.isRegularFile(DEPLOY.resolve("compose").resolve(mounted.group(1)))) {
                    missing.add(file + ": ./" + mounted.group(1));
                }
            }
            Matcher dockerfile = Pattern.compile("dockerfile: (\\S+)").matcher(compose);
            while (dockerfile.find()) {
                if (!Files.isRegularFile(DEPLOY.getParent().resolve(dockerfile.group(1)))) {
                    missing.add(file + ": " + dockerfile.group(1));
                }
            }
            Matcher secret = Pattern.compile("(?:file:|-) secrets/([\\w.-]+)").matcher(compose);
            while (secret.find()) {
                if (!makeSecrets.contains(secret.group(1))) {
                    missing.add(file + ": secrets/" + secret.group(1) + ", which make-secrets.sh does not make");
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void theKubernetesManifestsMatchTheApiSchemas() throws Exception {
        String node = debianTool("node", "nodejs");
        npmTool("yaml");
        List<String> command = new ArrayList<>(List.of(node, NODE_TOOLS.resolve("validate-kubernetes.mjs").toString()));
        command.addAll(manifests());
        Result result = run(command);
        assertEquals(0, result.status(), result.output());
        assertTrue(result.output().contains(manifests().size() + " object(s) valid"), result.output());
    }

    @Test
    void kustomizeAppliesEveryManifest() throws IOException {
        List<String> lines = Files.readAllLines(DEPLOY.resolve("kubernetes/kustomization.yaml"));
        Set<String> listed = new TreeSet<>();
        boolean inResources = false;
        for (String line : lines) {
            if (!line.startsWith(" ") && !line.startsWith("-")) {
                inResources = line.startsWith("resources:");
            } else if (inResources && line.trim().startsWith("- ")) {
                listed.add(line.trim().substring(2));
            }
        }
        Set<String> present = manifests().stream().map(file -> Path.of(file).getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(present, listed, "kustomization.yaml's resources");
    }

    @Test
    void theNginxConfigurationPassesNginxT() throws Exception {
        String nginx = debianTool("nginx", "nginx");
        // nginx resolves the upstream servers' names while it reads the file; fmq-1 and fmq-2 exist
        // only in the compose network, so the copy checked here names this machine instead.
        String config = Files.readString(DEPLOY.resolve("compose/nginx/nginx.conf"));
        Matcher upstream = Pattern.compile("server fmq-\\d+:9080").matcher(config);
        int servers = 0;
        StringBuilder local = new StringBuilder();
        while (upstream.find()) {
            servers++;
            upstream.appendReplacement(local, "server 127.0.0.1:9080");
        }
        upstream.appendTail(local);
        assertEquals(2, servers, "nginx balances over the two servers of compose.prod.yaml");
        Path copy = Files.writeString(temp.resolve("nginx.conf"), local);
        Result result = run(nginx, "-e", "stderr", "-p", temp.toString(), "-t", "-c", copy.toString());
        assertEquals(0, result.status(), result.output());
        assertTrue(result.output().contains("test is successful"), result.output());
    }

    private static List<String> composeFiles() throws IOException {
        try (Stream<Path> files = Files.list(DEPLOY.resolve("compose"))) {
            return files.filter(f -> f.getFileName().toString().matches("compose\\..+\\.yaml")).map(Path::toString)
                    .sorted().toList();
        }
    }

    private static List<String> manifests() throws IOException {
        return files(DEPLOY.resolve("kubernetes"), ".yaml").stream()
                .filter(f -> !f.endsWith("kustomization.yaml")).toList();
    }

    private static List<String> files(Path root, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(Path::toString).filter(f -> f.endsWith(suffix))
                    .filter(f -> !f.contains("/secrets/")).sorted().toList();
        }
    }

    /** The tool on the PATH, or a skip (developer) or failure (CI) that names its Debian package. */
    private static String debianTool(String name, String debianPackage) {
        // nginx is in /usr/sbin, which a developer's PATH may not hold.
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        return missing(name + " is missing (Debian package " + debianPackage + ", which .ci/run installs)");
    }

    private static Path npmTool(String name) {
        Path tool = name.equals("yaml") ? NODE_TOOLS.resolve("node_modules/yaml/package.json")
                : NODE_TOOLS.resolve("node_modules/.bin").resolve(name);
        if (!Files.exists(tool)) {
            missing(name + " is missing from " + NODE_TOOLS + " (npm ci there, as the build does from "
                    + "src/test/deploy-lint)");
        }
        return tool;
    }

    private static String missing(String message) {
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
        return null;
    }

    private record Result(int status, String output) {
    }

    private static Result run(String... command) throws Exception {
        return run(List.of(command));
    }

    private static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 120 s:\n" + output);
        }
        return new Result(process.exitValue(), String.join(" ", command) + "\n" + output);
    }
}
