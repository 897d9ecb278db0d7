package org.fixmyquarter.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names a plugin: its id, its own version and the SPI version it was built against.
 *
 * <p>Build it with {@link SpiVersion#VERSION} as the SPI version, for example
 * {@code new PluginDescriptor("acme-helpdesk", "1.2.0", SpiVersion.VERSION)}; the server refuses
 * a plugin whose SPI version it does not support (see {@link SpiVersion#incompatibility(String)}).
 *
 * @param id         stable identifier, also the configuration prefix {@code fmq.plugin.<id>.};
 *                   lower-case letters, digits and {@code -}, at most 64 characters
 * @param version    the plugin's own version, for the administrator, for example {@code 1.2.0}
 * @param spiVersion the SPI version the plugin was compiled against, {@code MAJOR.MINOR}
 */
public record PluginDescriptor(String id, String version, String spiVersion) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /**
     * Checks the id and that every part is present.
     *
     * @throws IllegalArgumentException if the id is not a valid plugin id or the version is blank
     */
    public PluginDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(spiVersion, "spiVersion");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Invalid plugin id '" + id
                    + "': use lower-case letters, digits and '-', at most 64 characters");
        }
        if (version.isBlank()) {
            throw new IllegalArgumentException("Plugin '" + id + "' has a blank version");
        }
    }

    /**
     * The version of the jar that holds a class, so a plugin's descriptor can follow its build's
     * version without repeating it: the manifest's {@code Implementation-Version} on the class
     * path, or the module's version on the module path.
     *
     * @param type a class of the plugin
     * @return the version, or {@code "development"} when the class is not in a jar with one
     */
    public static String implementationVersion(Class<?> type) {
        String version = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        if ((version == null || version.isBlank()) && type.getModule().getDescriptor() != null) {
            version = type.getModule().getDescriptor().rawVersion().orElse(null);
        }
        return version == null || version.isBlank() ? "development" : version;
    }
}
