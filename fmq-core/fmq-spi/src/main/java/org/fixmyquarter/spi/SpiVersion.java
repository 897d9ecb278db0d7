package org.fixmyquarter.spi;

/**
 * The version of this SPI, so that the server can refuse a plugin built for an incompatible one.
 *
 * <p>The major number changes only when an extension point changes in a way that breaks existing
 * plugins; new methods arrive as {@code default} methods and raise the minor number. A plugin
 * states the version it was compiled against by passing {@link #VERSION} to its
 * {@link PluginDescriptor}: the compiler copies the value of this constant into the plugin's own
 * class file, so it keeps saying which SPI the plugin was built for whatever server loads it.
 */
public final class SpiVersion {

    /** Major version: plugins built against another major version are refused. */
    public static final int MAJOR = 1;

    /** Minor version: a plugin built against an older or equal minor version keeps working. */
    public static final int MINOR = 6;

    /** {@code MAJOR.MINOR} as a compile-time constant, for {@link PluginDescriptor#spiVersion()}. */
    public static final String VERSION = MAJOR + "." + MINOR;

    private SpiVersion() {
    }

    /**
     * The version of the SPI on the class path now, as text.
     *
     * @return for example {@code "1.0"}
     */
    public static String current() {
        return VERSION;
    }

    /**
     * Whether a plugin built against {@code target} can run on this SPI: same major version, and a
     * minor version no newer than this one.
     *
     * @param target the version the plugin was built for, {@code MAJOR.MINOR}
     * @return {@code null} if compatible, otherwise why not, in a sentence for the administrator
     */
    public static String incompatibility(String target) {
        if (target == null || !target.matches("\\d{1,4}\\.\\d{1,4}")) {
            return "it declares SPI version '" + target + "', which is not of the form MAJOR.MINOR";
        }
        int dot = target.indexOf('.');
        int major = Integer.parseInt(target.substring(0, dot));
        int minor = Integer.parseInt(target.substring(dot + 1));
        if (major != MAJOR) {
            return "it was built for SPI " + target + " but this server provides SPI " + VERSION
                    + " (major versions must match); rebuild it against fmq-spi " + MAJOR + ".x";
        }
        if (minor > MINOR) {
            return "it was built for SPI " + target + ", newer than this server's SPI " + VERSION
                    + "; upgrade the server or use an older build of the plugin";
        }
        return null;
    }
}
