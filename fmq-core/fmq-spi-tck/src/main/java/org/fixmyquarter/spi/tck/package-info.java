/**
 * Contract tests for FixMyQuarter plugins.
 *
 * <p>Extend the contract of your extension point in your plugin's tests, implement
 * {@link org.fixmyquarter.spi.tck.PluginContract#createPlugin() createPlugin()}, and every test
 * the contract declares runs against your plugin:
 *
 * <pre>{@code
 * class AcmeHelpdeskTest extends HelpdeskConnectorContract<AcmeHelpdesk> {
 *     @Override
 *     protected AcmeHelpdesk createPlugin() {
 *         return new AcmeHelpdesk();
 *     }
 *
 *     @Override
 *     protected PluginConfig config() {
 *         return PluginConfig.of(Map.of("base-url", fakeHelpdesk.url()));
 *     }
 * }
 * }</pre>
 *
 * <p>The contracts: {@link org.fixmyquarter.spi.tck.PluginContract} (what every plugin shares),
 * {@link org.fixmyquarter.spi.tck.CategoryProviderContract},
 * {@link org.fixmyquarter.spi.tck.LanguagePackContract},
 * {@link org.fixmyquarter.spi.tck.NotificationChannelContract},
 * {@link org.fixmyquarter.spi.tck.HelpdeskConnectorContract} and
 * {@link org.fixmyquarter.spi.tck.MediaStoreContract}. {@link org.fixmyquarter.spi.tck.SampleEvents}
 * holds the events they send, for your own tests too.
 *
 * <p>To leave out one inherited test (say the plugin cannot meet it yet), override its method
 * without {@code @Test}; say why in a comment.
 */
package org.fixmyquarter.spi.tck;
