package org.fixmyquarter.core.plugin;

import java.util.Locale;

/**
 * Whether a plugin is in use.
 */
public enum PluginState {
    /** Loaded, initialised and in use. */
    ACTIVE,
    /** Could not be loaded or initialised; its reason is in {@link PluginInfo#lastError()}. */
    FAILED,
    /** Switched off by {@code fmq.plugin.<id>.enabled=false}. */
    DISABLED;

    /** @return the name in the admin API: {@code active}, {@code failed} or {@code disabled} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
