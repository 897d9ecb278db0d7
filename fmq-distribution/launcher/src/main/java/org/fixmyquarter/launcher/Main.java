package org.fixmyquarter.launcher;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarFile;

import sun.misc.Signal;

/**
 * {@code java -jar fixmyquarter.jar}: runs the FixMyQuarter server with its data in the data
 * folder ({@code FMQ_DATA_DIR}, default {@code ./data}); {@code restore <file>} restores a backup
 * into it; {@code help} lists the commands. docs/operations.md is the operator's guide.
 */
public final class Main {

    private Main() {
    }

    /**
     * @param args the command and its arguments
     */
    public static void main(String[] args) {
        String command = args.length == 0 ? "run" : args[0];
        try {
            switch (command) {
                case "run":
                    run(System.getenv());
                    break;
                case "restore":
                    if (args.length != 2) {
                        System.err.println("Usage: java -jar fixmyquarter.jar restore <backup.zip>");
                        System.exit(2);
                    }
                    Path target = DataFolder.locate(System.getenv());
                    Restore.restore(Path.of(args[1]), target, DatabaseScript.fromJar(ownJar(), System.getenv()));
                    System.out.println("[fixmyquarter] Restored " + args[1] + " into the data folder " + target
                            + "; start the server on it as usual");
                    break;
                case "help":
                case "--help":
                case "-h":
                    System.out.println(usage());
                    break;
                case "version":
                case "--version":
                    System.out.println("FixMyQuarter " + version());
                    break;
                default:
                    System.err.println("Unknown command '" + command + "'.\n" + usage());
                    System.exit(2);
            }
        } catch (IllegalStateException e) {
            // An operator's mistake (a locked or unwritable folder): the message says what to do.
            System.err.println("[fixmyquarter] " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("[fixmyquarter] " + ("run".equals(command) ? "The server could not start" : command + " failed")
                    + ": " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /**
     * @return {@code FMQ_LOG_FORMAT}: {@code json} (the default) or {@code simple}, Liberty's text format
     * @throws IllegalArgumentException for any other value
     */
    static String logFormat(Map<String, String> environment) {
        String format = environment.getOrDefault("FMQ_LOG_FORMAT", "").strip();
        if (format.isEmpty()) {
            return "json";
        }
        if (!format.equals("json") && !format.equals("simple")) {
            throw new IllegalArgumentException("FMQ_LOG_FORMAT must be json or simple, not '" + format + "'");
        }
        return format;
    }

    private static void run(Map<String, String> environment) throws Exception {
        Path jarPath = ownJar();
        DataFolder data = DataFolder.open(DataFolder.locate(environment));
        Path wlp;
        String serverName;
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            serverName = jar.getManifest().getMainAttributes().getValue("Server-Name");
            wlp = RuntimeImage.prepare(jar, RuntimeImage.id(jar), data.runtimes(environment));
        }
        if (environment.getOrDefault("FMQ_PLUGINS_DIR", "").isBlank()) {
            // There from the first start, so that an operator finds where plugins go.
            java.nio.file.Files.createDirectories(data.root().resolve("plugins"));
        }
        Path logs = data.logs(environment);
        System.out.println("[fixmyquarter] Data folder " + data.root() + ", logs in " + logs);

        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(DataFolder.SETTING, data.root().toString());
        data.generatedKeystorePassword(environment)
                .ifPresent(password -> variables.put("FMQ_TLS_KEYSTORE_PASSWORD", password));
        // From the first line on: server.xml says the same, but only once it has been read.
        String logFormat = logFormat(environment);
        variables.put("com.ibm.ws.logging.console.format", logFormat);
        variables.put("com.ibm.ws.logging.message.format", logFormat);

        // SIGTERM and Ctrl+C end the JVM normally: Liberty's shutdown hook stops the server
        // gracefully, and the exit status is 0, which a service manager reads as a clean stop.
        // Liberty lets a request that is still running hold the stop for a minute or more (a
        // client that sends its body slowly, or never); the drain time bounds it.
        Duration drain = StopDeadline.drainTime(environment);
        Signal.handle(new Signal("TERM"), signal -> StopDeadline.stop(drain));
        Signal.handle(new Signal("INT"), signal -> StopDeadline.stop(drain));
        // The data folder stays locked until the process is gone (the operating system releases
        // the lock then): a hook releasing it would let a second server in while this one still
        // lets its requests finish.
        LibertyServer.run(wlp, serverName, logs, variables);
    }

    private static Path ownJar() throws Exception {
        Path location = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!location.toString().endsWith(".jar")) {
            throw new IllegalStateException("Run the launcher from fixmyquarter.jar (java -jar fixmyquarter.jar), not from "
                    + location);
        }
        return location;
    }

    private static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }

    private static String usage() {
        return String.join(System.lineSeparator(),
                "Usage: java [JVM options] -jar fixmyquarter.jar [command]",
                "",
                "Commands:",
                "  run        run the server in the foreground (the default); SIGTERM or Ctrl+C stops it",
                "  restore F  restore the backup F (GET /api/v1/admin/backup) into the data folder, which",
                "             must be empty; before the first start on it",
                "  version    print the version",
                "  help       print this help",
                "",
                "On SIGTERM or Ctrl+C, requests in flight get " + StopDeadline.SETTING + " (default "
                        + StopDeadline.DEFAULT.toSeconds() + " s, at most 30 s used by Open Liberty) to finish;",
                "the process ends at the latest " + StopDeadline.GRACE.toSeconds() + " s after that.",
                "",
                "The data folder is " + DataFolder.SETTING + " (default ./" + DataFolder.DEFAULT
                        + ", beside where the server is started); every setting is an environment",
                "variable, see docs/configuration.md and docs/operations.md.",
                "",
                "Current data folder: " + DataFolder.locate(System.getenv()) + File.separator);
    }
}
