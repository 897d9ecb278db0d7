package org.fixmyquarter.spi.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import org.fixmyquarter.spi.Plugin;
import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every plugin must do, whatever its extension point: a stable, valid descriptor built for a
 * compatible SPI version, a class {@link ServiceLoader} can find and instantiate, an
 * {@link Plugin#init(PluginConfig) init} that accepts the settings, and a {@link Plugin#close()
 * close} that is safe to call at any time.
 *
 * <p>Extend the contract of your extension point ({@link CategoryProviderContract},
 * {@link LanguagePackContract}, {@link NotificationChannelContract},
 * {@link HelpdeskConnectorContract}, {@link MediaStoreContract}), which includes these tests. Extend
 * this class directly only for an extension point the kit has no contract for, and implement
 * {@link #extensionPoint()} then.
 *
 * <p>Every test gets a fresh instance from {@link #createPlugin()}, not yet initialised; tests
 * that use the plugin initialise it with {@link #config()} through {@link #initialisedPlugin()}.
 * The instance is closed after each test.
 *
 * @param <T> the plugin's class
 */
public abstract class PluginContract<T extends Plugin> {

    private T plugin;
    private boolean initialised;

    /**
     * Creates the contract; subclasses are instantiated by JUnit.
     */
    protected PluginContract() {
    }

    /**
     * A new instance of the plugin under test, as {@link ServiceLoader} would create it: usually
     * {@code return new MyPlugin();}. Called once before every test.
     *
     * @return a fresh, not yet initialised plugin
     */
    protected abstract T createPlugin();

    /**
     * The settings passed to {@link Plugin#init(PluginConfig)}, without the
     * {@code fmq.plugin.<id>.} prefix. Override when the plugin needs settings to start, for
     * example the address of a fake server or a temporary folder (a {@code @TempDir} field of the
     * subclass is set before this is called).
     *
     * @return the settings; {@link PluginConfig#empty()} unless overridden
     */
    protected PluginConfig config() {
        return PluginConfig.empty();
    }

    /**
     * The extension point interface the plugin is registered under with {@link ServiceLoader}.
     * The contracts of the SPI's extension points implement this; implement it only when extending
     * {@code PluginContract} directly.
     *
     * @return the service interface, for example {@code CategoryProvider.class}
     */
    protected abstract Class<? super T> extensionPoint();

    /**
     * The instance under test in the current test, not necessarily initialised. For the tests a
     * subclass adds.
     *
     * @return the plugin created for this test
     */
    protected final T plugin() {
        return plugin;
    }

    /**
     * The instance under test, initialised with {@link #config()} on the first call. For the tests
     * a subclass adds that need a started plugin.
     *
     * @return the plugin created for this test, initialised
     * @throws Exception whatever {@link Plugin#init(PluginConfig)} throws
     */
    protected final T initialisedPlugin() throws Exception {
        if (!initialised) {
            plugin.init(config());
            initialised = true;
        }
        return plugin;
    }

    /**
     * Creates the instance for the next test. Not meant to be called or overridden.
     */
    @BeforeEach
    public final void createPluginUnderTest() {
        plugin = createPlugin();
        assertNotNull(plugin, "createPlugin() returned null");
        initialised = false;
    }

    /**
     * Closes the instance after each test. Not meant to be called or overridden.
     */
    @AfterEach
    public final void closePluginUnderTest() {
        if (plugin == null) {
            return;
        }
        try {
            plugin.close();
        } catch (RuntimeException e) {
            // close() has tests of its own; failing every other test here too would bury the one
            // that says what is wrong.
        } finally {
            plugin = null;
        }
    }

    /**
     * {@link Plugin#descriptor()} returns a descriptor, and an equal one on every call, because the
     * server reads it before and after {@code init} and keys the plugin's settings by its id.
     */
    @Test
    public void descriptorIsPresentAndStable() {
        PluginDescriptor first = plugin.descriptor();
        assertNotNull(first, "descriptor() returned null");
        for (int i = 0; i < 3; i++) {
            assertEquals(first, plugin.descriptor(), "descriptor() must return the same descriptor on every call");
        }
        try {
            initialisedPlugin();
        } catch (Exception e) {
            return; // initSucceeds() reports this
        }
        assertEquals(first, plugin.descriptor(), "descriptor() changed after init()");
    }

    /**
     * The id is a valid plugin id and {@link Plugin#id()} agrees with the descriptor's, since the
     * id is the configuration prefix {@code fmq.plugin.<id>.}.
     */
    @Test
    public void idIsValid() {
        PluginDescriptor descriptor = plugin.descriptor();
        assertNotNull(descriptor, "descriptor() returned null");
        String id = plugin.id();
        // The record checks its id when built; building one from id() checks an overridden id() too.
        assertDoesNotThrow(() -> new PluginDescriptor(id, descriptor.version(), descriptor.spiVersion()),
                () -> "id() returned an invalid plugin id '" + id + "'");
        assertEquals(descriptor.id(), id, "id() must return descriptor().id()");
    }

    /**
     * The descriptor's SPI version is one this SPI accepts: build the descriptor with
     * {@link SpiVersion#VERSION}.
     */
    @Test
    public void spiVersionIsCompatible() {
        PluginDescriptor descriptor = plugin.descriptor();
        assertNotNull(descriptor, "descriptor() returned null");
        String problem = SpiVersion.incompatibility(descriptor.spiVersion());
        assertNull(problem, () -> "The server would refuse plugin '" + descriptor.id() + "': " + problem);
    }

    /**
     * The plugin's class is public, concrete, and has a public no-argument constructor, which
     * {@link ServiceLoader} needs on the class path.
     */
    @Test
    public void classIsPublicWithPublicNoArgConstructor() {
        Class<?> type = plugin.getClass();
        int modifiers = type.getModifiers();
        assertTrue(Modifier.isPublic(modifiers), () -> type.getName() + " must be public");
        assertFalse(Modifier.isAbstract(modifiers), () -> type.getName() + " must not be abstract");
        assertTrue(type.getEnclosingClass() == null || Modifier.isStatic(modifiers),
                () -> type.getName() + " is an inner class; make it a top-level or static nested class");
        try {
            type.getConstructor();
        } catch (NoSuchMethodException e) {
            fail(type.getName() + " needs a public constructor without parameters, for ServiceLoader");
        }
    }

    /**
     * {@link ServiceLoader} finds the plugin's class under {@link #extensionPoint()}, through the
     * class loader that loaded it. This fails when {@code META-INF/services/<extension point>} is
     * missing or misspelt; on the module path, when {@code provides ... with} is.
     */
    @Test
    public void isDeclaredForServiceLoader() {
        Class<?> type = plugin.getClass();
        Class<? super T> service = extensionPoint();
        assertTrue(service.isInstance(plugin), () -> type.getName() + " does not implement " + service.getName());
        // Lets the kit look up an extension point its module-info does not list; does nothing on the class path.
        PluginContract.class.getModule().addUses(service);
        List<String> found;
        try {
            found = ServiceLoader.load(service, type.getClassLoader()).stream()
                    .map(provider -> provider.type().getName())
                    .collect(Collectors.toList());
        } catch (ServiceConfigurationError e) {
            // One bad entry stops the whole lookup, in the server too.
            fail("ServiceLoader cannot read the providers of " + service.getName() + ": " + e.getMessage(), e);
            return;
        }
        assertTrue(found.contains(type.getName()), () -> "ServiceLoader does not find " + type.getName() + " as a "
                + service.getName() + " (found " + found + "). Add its name to META-INF/services/"
                + service.getName() + ", and to 'provides " + service.getName() + " with ...' in module-info.java.");
    }

    /**
     * {@link Plugin#init(PluginConfig)} accepts {@link #config()}.
     *
     * @throws Exception if init fails
     */
    @Test
    public void initSucceeds() throws Exception {
        assertNotNull(initialisedPlugin());
    }

    /**
     * {@link Plugin#close()} does not throw for a plugin that was never initialised: the server
     * closes every plugin it created, including those whose {@code init} failed.
     */
    @Test
    public void closeWithoutInitDoesNotThrow() {
        assertDoesNotThrow(plugin::close, "close() of a plugin never initialised must not throw");
    }

    /**
     * {@link Plugin#close()} after {@code init} can be called twice without throwing, since a
     * shutdown may reach a plugin by more than one path.
     *
     * @throws Exception if init fails
     */
    @Test
    public void closeTwiceDoesNotThrow() throws Exception {
        T started = initialisedPlugin();
        assertDoesNotThrow(started::close, "first close() after init() threw");
        assertDoesNotThrow(started::close, "second close() threw; close() must be safe to repeat");
    }
}
