package org.fixmyquarter.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.category.CategoryProvider;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.NotificationChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Protects the plugin list an administrator sees and the plugins the server uses: a plugin is
 * registered once per extension point it implements, used highest order first, refused for an
 * incompatible SPI version, a failing {@code init} or descriptor, or an id already taken (saying
 * where the first came from), switched off by {@code fmq.plugin.<id>.enabled=false}, and given
 * only its own settings. Building never throws because of a plugin.
 */
class PluginRegistryTest {

    /** A notification channel whose descriptor and {@code init} each test sets. */
    static class Channel implements NotificationChannel {
        final String id;
        final int order;
        final String spiVersion;
        PluginConfig initConfig;
        int initCalls;
        boolean closed;

        Channel(String id) {
            this(id, 100, SpiVersion.VERSION);
        }

        Channel(String id, int order, String spiVersion) {
            this.id = id;
            this.order = order;
            this.spiVersion = spiVersion;
        }

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor(id, "1.4.2", spiVersion);
        }

        @Override
        public void init(PluginConfig config) throws PluginException {
            initConfig = config;
            initCalls++;
        }

        @Override
        public int order() {
            return order;
        }

        @Override
        public void deliver(Notification notification) {
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** One class serving two extension points, as a city's all-in-one plugin might. */
    static final class CityPlugin extends Channel implements CategoryProvider {
        CityPlugin() {
            super("city-of-example");
        }

        @Override
        public List<CategoryDefinition> categories() {
            return List.of(new CategoryDefinition("graffiti", "Graffiti"));
        }
    }

    @Test
    void explicitPluginIsActiveAndListedAsExplicit() {
        Channel channel = new Channel("acme-mail");

        PluginRegistry registry = PluginRegistry.builder().add(channel).build();

        assertEquals(List.of(new PluginInfo("acme-mail", PluginKind.NOTIFICATION_CHANNEL, "1.4.2", SpiVersion.VERSION,
                PluginState.ACTIVE, null, "explicit", Channel.class.getName())), registry.plugins());
        assertEquals(List.of(channel), registry.active(NotificationChannel.class));
        assertEquals(List.of(), registry.active(CategoryProvider.class));
    }

    @Test
    void pluginImplementingTwoExtensionPointsServesBoth() {
        CityPlugin city = new CityPlugin();

        PluginRegistry registry = PluginRegistry.builder().add(city).build();

        assertEquals(2, registry.plugins().size(), registry.plugins()::toString);
        assertEquals(Set.of(PluginKind.CATEGORY_PROVIDER, PluginKind.NOTIFICATION_CHANNEL),
                Set.copyOf(registry.plugins().stream().map(PluginInfo::kind).toList()));
        assertTrue(registry.plugins().stream().allMatch(p -> p.state() == PluginState.ACTIVE), registry.plugins()::toString);
        assertSame(city, registry.active(CategoryProvider.class).get(0));
        assertSame(city, registry.active(NotificationChannel.class).get(0));
        assertTrue(city.initCalls > 0, "init must have been called");
    }

    @Test
    void pluginImplementingTwoExtensionPointsIsInitialisedOnce() {
        CityPlugin city = new CityPlugin();

        PluginRegistry.builder().add(city).build();

        assertEquals(1, city.initCalls);
    }

    @Test
    void activeIsHighestOrderFirstWhateverTheOrderAdded() {
        Channel low = new Channel("low", -5, SpiVersion.VERSION);
        Channel standard = new Channel("standard");
        Channel city = new Channel("city", 300, SpiVersion.VERSION);
        Channel alsoStandard = new Channel("also-standard");

        PluginRegistry registry = PluginRegistry.builder().add(low).add(standard).add(city).add(alsoStandard).build();

        // Ties are broken by id, so the choice does not depend on the order of discovery.
        assertEquals(List.of(city, alsoStandard, standard, low), registry.active(NotificationChannel.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.0", "1.9"})
    void pluginBuiltForAnotherSpiIsRefusedNamingBothVersions(String built) {
        Channel plugin = new Channel("future", 100, built);

        PluginRegistry registry = PluginRegistry.builder().add(plugin).build();

        PluginInfo info = registry.plugins().get(0);
        assertEquals(PluginState.FAILED, info.state());
        assertEquals(built, info.spiVersion());
        assertTrue(info.lastError().startsWith("refused: "), info::lastError);
        assertTrue(info.lastError().contains("SPI " + built), info::lastError);
        assertTrue(info.lastError().contains("SPI " + SpiVersion.VERSION), info::lastError);
        assertEquals(List.of(), registry.active(NotificationChannel.class));
        assertNull(plugin.initConfig, "a refused plugin must not be initialised");
    }

    @Test
    void pluginBuiltForThisSpiIsAccepted() {
        PluginRegistry registry = PluginRegistry.builder().add(new Channel("current", 100, "1.0")).build();
        assertEquals(PluginState.ACTIVE, registry.plugins().get(0).state());
    }

    @Test
    void initThrowingFailsThePluginWithItsMessage() {
        Channel plugin = new Channel("needs-url") {
            @Override
            public void init(PluginConfig config) throws PluginException {
                config.require("base-url");
            }
        };
        Channel healthy = new Channel("healthy");

        PluginRegistry registry = PluginRegistry.builder().add(plugin).add(healthy).build();

        PluginInfo info = registry.plugins().get(0);
        assertEquals(PluginState.FAILED, info.state());
        assertEquals("needs-url", info.id());
        assertEquals("init failed: PluginException: the setting fmq.plugin.needs-url.base-url "
                + "(FMQ_PLUGIN_NEEDS_URL_BASE_URL) is required but not set", info.lastError());
        assertEquals(List.of(healthy), registry.active(NotificationChannel.class));
    }

    @Test
    void descriptorThrowingFailsThePlugin() {
        Channel plugin = new Channel("unused") {
            @Override
            public PluginDescriptor descriptor() {
                // An invalid id makes the descriptor's own constructor throw.
                return new PluginDescriptor("Acme Mail", "1", SpiVersion.VERSION);
            }
        };

        PluginRegistry registry = PluginRegistry.builder().add(plugin).build();

        PluginInfo info = registry.plugins().get(0);
        assertEquals(PluginState.FAILED, info.state());
        assertEquals(PluginKind.NOTIFICATION_CHANNEL, info.kind());
        assertTrue(info.lastError().contains("Invalid plugin id 'Acme Mail'"), info::lastError);
        assertEquals(List.of(), registry.active(NotificationChannel.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", " FALSE "})
    void enabledFalseDisablesThePluginWithoutInitialisingIt(String value) {
        Channel plugin = new Channel("acme-mail");

        PluginRegistry registry = PluginRegistry.builder()
                .config(PluginConfigSource.of(Map.of("fmq.plugin.acme-mail.enabled", value)))
                .add(plugin).build();

        PluginInfo info = registry.plugins().get(0);
        assertEquals(PluginState.DISABLED, info.state());
        assertNull(info.lastError());
        assertEquals(List.of(), registry.active(NotificationChannel.class));
        assertNull(plugin.initConfig);
    }

    @Test
    void secondPluginWithTheSameIdAndKindIsRefusedNamingTheFirstSource() {
        Channel first = new Channel("acme-mail");
        Channel second = new Channel("acme-mail");

        PluginRegistry registry = PluginRegistry.builder().add(first).add(second).build();

        List<PluginInfo> all = registry.plugins();
        assertEquals(PluginState.ACTIVE, all.get(0).state());
        assertEquals(PluginState.FAILED, all.get(1).state());
        assertTrue(all.get(1).lastError().contains("'acme-mail' is already loaded from explicit"), all.get(1)::lastError);
        assertEquals(List.of(first), registry.active(NotificationChannel.class));
    }

    @Test
    void initReceivesOnlyItsOwnSettingsWithoutThePrefix() {
        Channel plugin = new Channel("acme");

        PluginRegistry.builder().config(PluginConfigSource.of(Map.of(
                "fmq.plugin.acme.base-url", "https://helpdesk.example",
                "fmq.plugin.acme.token", "s3cret",
                "fmq.plugin.acme-helpdesk.base-url", "https://other.example",
                "fmq.plugin.other.token", "not-yours",
                "fmq.i18n.units", "metric"))).add(plugin).build();

        assertEquals(Set.of("base-url", "token"), plugin.initConfig.keys());
        assertEquals("https://helpdesk.example", plugin.initConfig.get("base-url").orElseThrow());
    }

    @Test
    void closeLeavesExplicitPluginsToTheirOwner() {
        Channel plugin = new Channel("acme-mail");
        PluginRegistry registry = PluginRegistry.builder().add(plugin).build();

        registry.close();

        assertFalse(plugin.closed);
    }

    @Test
    void reportedErrorShowsBesideTheActivePluginUntilCleared() {
        Channel plugin = new Channel("acme-mail");
        PluginRegistry registry = PluginRegistry.builder().add(plugin).build();

        registry.reportError(PluginKind.NOTIFICATION_CHANNEL, plugin, "SMTP 550: mailbox unavailable");

        PluginInfo info = registry.plugins().get(0);
        assertEquals("SMTP 550: mailbox unavailable", info.lastError());
        assertEquals(PluginState.ACTIVE, info.state(), "a working error must not take the plugin out of use");
        assertEquals(List.of(plugin), registry.active(NotificationChannel.class));

        registry.reportError(PluginKind.NOTIFICATION_CHANNEL, plugin, null);

        assertNull(registry.plugins().get(0).lastError());
    }

    @Test
    void anOutageIsDatedByItsFirstErrorUntilThePluginWorksAgain() throws InterruptedException {
        Channel plugin = new Channel("acme-mail", 100, SpiVersion.VERSION);
        PluginRegistry registry = PluginRegistry.builder().add(plugin).build();
        assertTrue(registry.failingSince(PluginKind.NOTIFICATION_CHANNEL, "acme-mail").isEmpty());

        Instant before = Instant.now();
        registry.reportError(PluginKind.NOTIFICATION_CHANNEL, plugin, "connection refused");
        Instant since = registry.failingSince(PluginKind.NOTIFICATION_CHANNEL, "acme-mail").orElseThrow();
        Thread.sleep(5);
        registry.reportError(PluginKind.NOTIFICATION_CHANNEL, plugin, "timed out");

        assertFalse(since.isBefore(before), since + " is not before " + before);
        assertEquals(since, registry.failingSince(PluginKind.NOTIFICATION_CHANNEL, "acme-mail").orElseThrow(),
                "a further error does not move the start of the outage");
        assertEquals("timed out", registry.plugins().get(0).lastError());

        registry.reportError(PluginKind.NOTIFICATION_CHANNEL, plugin, null);
        assertTrue(registry.failingSince(PluginKind.NOTIFICATION_CHANNEL, "acme-mail").isEmpty());
    }

    @Test
    void reportedErrorDoesNotHideWhyAFailedPluginFailed() {
        // Same id and kind as the failed one: a dispatcher holding a stale reference must not
        // overwrite the reason the administrator needs.
        Channel failed = new Channel("acme-mail", 100, "2.0");
        PluginRegistry registry = PluginRegistry.builder().add(failed).build();
        String reason = registry.plugins().get(0).lastError();

        registry.reportError(PluginKind.NOTIFICATION_CHANNEL, failed, "SMTP 550: mailbox unavailable");

        assertEquals(reason, registry.plugins().get(0).lastError());
    }

    /** A category provider with an order and categories of its own. */
    record Categories(String id, int order, List<CategoryDefinition> categories) implements CategoryProvider {
        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor(id, "1", SpiVersion.VERSION);
        }
    }

    @Test
    void aCategoryCodeDeclaredTwiceIsShownOnBothProvidersNeverSilently() {
        Categories builtIn = new Categories("default-categories", 0, List.of(new CategoryDefinition("other", "Other"),
                new CategoryDefinition("graffiti", "Graffiti", "other", null, Map.of())));
        Categories city = new Categories("city-categories", 100, List.of(new CategoryDefinition("graffiti", "Tags"),
                new CategoryDefinition("snow", "Snow")));
        Categories unrelated = new Categories("parks", 100, List.of(new CategoryDefinition("benches", "Benches")));

        PluginRegistry registry = PluginRegistry.builder().add(builtIn).add(city).add(unrelated).build();

        Map<String, PluginInfo> byId = new java.util.HashMap<>();
        registry.plugins().forEach(info -> byId.put(info.id(), info));
        assertEquals(PluginState.ACTIVE, byId.get("city-categories").state());
        assertEquals("its category 'graffiti' replaces the one of default-categories (explicit, order 0) (kept from "
                + "it: the parent if none is given, the icon and translations it does not give)",
                byId.get("city-categories").lastError());
        assertEquals(PluginState.ACTIVE, byId.get("default-categories").state());
        assertEquals("its category 'graffiti' is replaced by the one of city-categories (explicit, order 100)",
                byId.get("default-categories").lastError());
        assertNull(byId.get("parks").lastError());
        assertEquals(3, registry.active(CategoryProvider.class).size());
    }

    @Test
    void aMalformedNumberIsReportedWithTheFullKeyAndVariable() {
        Channel plugin = new Channel("jsonl") {
            @Override
            public void init(PluginConfig config) throws PluginException {
                config.getInt("batch-size", 10);
            }
        };

        PluginRegistry registry = PluginRegistry.builder()
                .config(PluginConfigSource.of(Map.of("fmq.plugin.jsonl.batch-size", "ten")))
                .add(plugin).build();

        String error = registry.plugins().get(0).lastError();
        assertTrue(error.startsWith("init failed: PluginException: the setting fmq.plugin.jsonl.batch-size "
                + "(FMQ_PLUGIN_JSONL_BATCH_SIZE) must be a whole number, not 'ten'"), error);
    }
}
