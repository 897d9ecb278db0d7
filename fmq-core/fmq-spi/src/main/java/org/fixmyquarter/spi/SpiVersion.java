package org.fixmyquarter.spi;

/**
 * The version of this SPI, so that the server can refuse a plugin built for an incompatible one.
 *
 * <p>The major number changes only when an extension point changes in a way that breaks existing
 * plugins; new methods arrive as {@code default} methods and raise the minor number.
 */
public final class SpiVersion {

    /** Major version: plugins built against another major version are refused. */
    public static final int MAJOR = 1;

    /** Minor version: a plugin built against an older or equal minor version keeps working. */
    public static final int MINOR = 0;

    private SpiVersion() {
    }

    /**
     * The version as text, {@code MAJOR.MINOR}.
     *
     * @return for example {@code "1.0"}
     */
    public static String current() {
        return MAJOR + "." + MINOR;
    }
}
