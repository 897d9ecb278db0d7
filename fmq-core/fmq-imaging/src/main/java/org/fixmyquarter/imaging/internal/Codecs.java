package org.fixmyquarter.imaging.internal;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.IIOServiceProvider;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.spi.ServiceRegistry;
import org.fixmyquarter.imaging.ImageFormat;

/**
 * Creates the image readers and the JPEG writer, choosing each implementation by name instead of
 * asking ImageIO for "a JPEG reader": in a web application the JVM-wide registry holds whatever
 * plugins some application registered first, and keeps their class loader alive after it is
 * undeployed.
 *
 * <p>The providers are stateless and shared; every reader and writer is created per use (they are
 * not thread-safe) and must be disposed by the caller.
 */
public final class Codecs {

    private static final String JDK_JPEG_READER = "com.sun.imageio.plugins.jpeg.JPEGImageReaderSpi";
    private static final String JDK_PNG_READER = "com.sun.imageio.plugins.png.PNGImageReaderSpi";
    private static final String JDK_JPEG_WRITER = "com.sun.imageio.plugins.jpeg.JPEGImageWriterSpi";

    private static final ImageReaderSpi JPEG_READER;
    private static final ImageReaderSpi PNG_READER;
    private static final ImageReaderSpi WEBP_READER = new WebPImageReaderSpi();
    private static final ImageWriterSpi JPEG_WRITER;
    /** Kept reachable: a registry that is collected deregisters (and notifies) its providers. */
    private static final ServiceRegistry OWN = new ServiceRegistry(List.<Class<?>>of(ImageReaderSpi.class).iterator());

    static {
        IIORegistry jvmWide = defaultRegistryWithoutApplicationPlugins();
        PNG_READER = jdkProvider(jvmWide, ImageReaderSpi.class, JDK_PNG_READER);
        JPEG_WRITER = jdkProvider(jvmWide, ImageWriterSpi.class, JDK_JPEG_WRITER);
        JPEG_READER = twelveMonkeysJpeg(jdkProvider(jvmWide, ImageReaderSpi.class, JDK_JPEG_READER));
    }

    private Codecs() {
    }

    /**
     * @param format the format the file's bytes show
     * @return a new reader for it, to be disposed by the caller
     */
    public static ImageReader reader(ImageFormat format) {
        ImageReaderSpi spi = switch (format) {
            case JPEG -> JPEG_READER;
            case PNG -> PNG_READER;
            case WEBP -> WEBP_READER;
        };
        try {
            return spi.createReaderInstance();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the " + format + " reader", e);
        }
    }

    /**
     * @return a new JDK JPEG writer, to be disposed by the caller
     */
    public static ImageWriter jpegWriter() {
        try {
            return JPEG_WRITER.createWriterInstance();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the JPEG writer", e);
        }
    }

    /**
     * The JVM-wide registry is where the JDK's own codecs are listed; the first call anywhere in the
     * JVM also scans the calling thread's context class loader for plugins. Running that first call
     * with the platform class loader keeps a web application's jars out of the JVM-wide registry.
     */
    private static IIORegistry defaultRegistryWithoutApplicationPlugins() {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            return IIORegistry.getDefaultInstance();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static <T extends IIOServiceProvider> T jdkProvider(ServiceRegistry registry, Class<T> kind,
            String className) {
        Iterator<T> providers = registry.getServiceProviders(kind, false);
        while (providers.hasNext()) {
            T provider = providers.next();
            if (provider.getClass().getName().equals(className)) {
                return provider;
            }
        }
        throw new IllegalStateException("this JDK has no " + className);
    }

    /**
     * TwelveMonkeys' JPEG reader hands YCbCr decoding to the JDK's and finds it when registered; a
     * private registry holding the two gives it the JDK's reader without touching the JVM-wide one.
     */
    private static ImageReaderSpi twelveMonkeysJpeg(ImageReaderSpi jdkJpeg) {
        OWN.registerServiceProvider(jdkJpeg, ImageReaderSpi.class);
        JPEGImageReaderSpi twelveMonkeys = new JPEGImageReaderSpi();
        OWN.registerServiceProvider(twelveMonkeys, ImageReaderSpi.class);
        return twelveMonkeys;
    }
}
