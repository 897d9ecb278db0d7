package org.fixmyquarter.core.internal;

/**
 * The parent of every plugin's class loader: it shows a plugin the Java platform and the SPI, and
 * nothing else of the server, so a plugin cannot come to depend on the server's internals or
 * libraries, and two plugins can use different versions of one library.
 */
public final class SpiOnlyClassLoader extends ClassLoader {

    private static final String SPI_PACKAGE = "org.fixmyquarter.spi.";

    private final ClassLoader spiLoader;

    /**
     * @param spiLoader the loader that holds the SPI classes the server itself uses
     */
    public SpiOnlyClassLoader(ClassLoader spiLoader) {
        super("fmq-spi-only", ClassLoader.getPlatformClassLoader());
        this.spiLoader = spiLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        // The SPI must be the server's own copy, or the plugin's classes would not be instances
        // of the server's interfaces.
        if (name.startsWith(SPI_PACKAGE)) {
            return spiLoader.loadClass(name);
        }
        Class<?> type = getParent().loadClass(name);
        // On the module path the platform loader also hands out the classes of the server's own
        // modules (its application loader's); only the JDK's may pass.
        ClassLoader owner = type.getClassLoader();
        if (owner != null && owner != getParent()) {
            throw new ClassNotFoundException(name + " belongs to the server, not to the Java platform or the SPI");
        }
        return type;
    }
}
