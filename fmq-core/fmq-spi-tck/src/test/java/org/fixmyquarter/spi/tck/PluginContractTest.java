package org.fixmyquarter.spi.tck;

import static org.fixmyquarter.spi.tck.KitAssertions.assertFailsExactly;
import static org.fixmyquarter.spi.tck.KitAssertions.assertPasses;

import java.util.Map;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.SpiVersion;
import org.junit.jupiter.api.Test;

/**
 * Each broken sample plugin below breaks one rule of {@link PluginContract}; the contract must fail
 * the test for that rule and pass the others.
 */
class PluginContractTest {

    /** A correct plugin that needs the setting {@code greeting}. */
    public static class Hello implements SamplePlugin {
        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("sample-hello", "1.0.0", SpiVersion.VERSION);
        }

        @Override
        public void init(PluginConfig config) throws PluginException {
            config.require("greeting");
        }
    }

    /** Reports a new version on every call. */
    public static class Unstable extends Hello {
        private int calls;

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("sample-unstable", "1.0." + calls++, SpiVersion.VERSION);
        }
    }

    /** Overrides id() with something that is no plugin id. */
    public static class BadId extends Hello {
        @Override
        public String id() {
            return "Sample Hello";
        }
    }

    /** Built for a future minor version of the SPI. */
    public static class FutureSpi extends Hello {
        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("sample-future", "1.0.0", SpiVersion.MAJOR + "." + (SpiVersion.MINOR + 1));
        }
    }

    /** ServiceLoader cannot create it; it is left out of META-INF/services, since it would break the lookup. */
    public static class NoDefaultConstructor extends Hello {
        public NoDefaultConstructor(String greeting) {
        }
    }

    /** Correct, but missing from META-INF/services. */
    public static class NotRegistered extends Hello {
    }

    /** Closes a resource only init() opens. */
    public static class CloseNeedsInit extends Hello {
        private AutoCloseable connection;

        @Override
        public void init(PluginConfig config) {
            connection = () -> { };
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Refuses to be closed twice. */
    public static class CloseOnce extends Hello {
        private boolean closed;

        @Override
        public void close() {
            if (closed) {
                throw new IllegalStateException("already closed");
            }
            closed = true;
        }
    }

    abstract static class SampleContract<P extends SamplePlugin> extends PluginContract<P> {
        @Override
        protected Class<? super P> extensionPoint() {
            return SamplePlugin.class;
        }

        @Override
        protected PluginConfig config() {
            return PluginConfig.of(Map.of("greeting", "hello"));
        }
    }

    static class HelloTest extends SampleContract<Hello> {
        @Override
        protected Hello createPlugin() {
            return new Hello();
        }
    }

    static class HelloWithoutSettingsTest extends SampleContract<Hello> {
        @Override
        protected Hello createPlugin() {
            return new Hello();
        }

        @Override
        protected PluginConfig config() {
            return PluginConfig.empty();
        }
    }

    static class UnstableTest extends SampleContract<Unstable> {
        @Override
        protected Unstable createPlugin() {
            return new Unstable();
        }
    }

    static class BadIdTest extends SampleContract<BadId> {
        @Override
        protected BadId createPlugin() {
            return new BadId();
        }
    }

    static class FutureSpiTest extends SampleContract<FutureSpi> {
        @Override
        protected FutureSpi createPlugin() {
            return new FutureSpi();
        }
    }

    static class NoDefaultConstructorTest extends SampleContract<NoDefaultConstructor> {
        @Override
        protected NoDefaultConstructor createPlugin() {
            return new NoDefaultConstructor("hello");
        }
    }

    static class NotRegisteredTest extends SampleContract<NotRegistered> {
        @Override
        protected NotRegistered createPlugin() {
            return new NotRegistered();
        }
    }

    static class CloseNeedsInitTest extends SampleContract<CloseNeedsInit> {
        @Override
        protected CloseNeedsInit createPlugin() {
            return new CloseNeedsInit();
        }
    }

    static class CloseOnceTest extends SampleContract<CloseOnce> {
        @Override
        protected CloseOnce createPlugin() {
            return new CloseOnce();
        }
    }

    @Test
    void correctPluginPassesAllEightTests() {
        assertPasses(HelloTest.class, 8);
    }

    @Test
    void unstableDescriptorFails() {
        assertFailsExactly(UnstableTest.class, "descriptorIsPresentAndStable");
    }

    @Test
    void invalidIdFails() {
        assertFailsExactly(BadIdTest.class, "idIsValid");
    }

    @Test
    void futureSpiVersionFails() {
        assertFailsExactly(FutureSpiTest.class, "spiVersionIsCompatible");
    }

    @Test
    void missingNoArgConstructorFails() {
        assertFailsExactly(NoDefaultConstructorTest.class, "classIsPublicWithPublicNoArgConstructor",
                "isDeclaredForServiceLoader");
    }

    @Test
    void missingServiceFileEntryFails() {
        assertFailsExactly(NotRegisteredTest.class, "isDeclaredForServiceLoader");
    }

    @Test
    void missingSettingFailsInit() {
        assertFailsExactly(HelloWithoutSettingsTest.class, "initSucceeds", "closeTwiceDoesNotThrow");
    }

    @Test
    void closeThatNeedsInitFails() {
        assertFailsExactly(CloseNeedsInitTest.class, "closeWithoutInitDoesNotThrow");
    }

    @Test
    void closeThatCannotRepeatFails() {
        assertFailsExactly(CloseOnceTest.class, "closeTwiceDoesNotThrow");
    }
}
