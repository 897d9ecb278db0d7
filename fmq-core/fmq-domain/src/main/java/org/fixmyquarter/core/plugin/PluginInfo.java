package org.fixmyquarter.core.plugin;

import java.util.Objects;

/**
 * What the administrator sees of one plugin.
 *
 * @param id         the plugin's id, or for a plugin that could not even be created, the name of
 *                   the jar it came from
 * @param kind       its extension point, or {@code null} if it failed before that was known
 * @param version    its own version, or {@code null} if unknown
 * @param spiVersion the SPI version it was built for, or {@code null} if unknown
 * @param state      whether it is in use
 * @param lastError  why it failed, or the last error it reported while working; {@code null} if none
 * @param source     where it was loaded from: {@code built-in}, {@code explicit} or a path under
 *                   the plugins folder
 * @param className  its implementation class, or {@code null} if unknown
 */
public record PluginInfo(String id, PluginKind kind, String version, String spiVersion, PluginState state,
                         String lastError, String source, String className) {

    /**
     * Checks the parts every entry has.
     */
    public PluginInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(source, "source");
    }

    /**
     * @param error the error to show, or {@code null} to clear it
     * @return this entry with another last error
     */
    public PluginInfo withLastError(String error) {
        return new PluginInfo(id, kind, version, spiVersion, state, error, source, className);
    }
}
