/**
 * The Open311 GeoReport v2 connector: {@link org.fixmyquarter.plugins.connector.open311.Open311Connector}
 * is the plugin; the other classes read its settings and speak the protocol. Nothing here is
 * exported.
 */
package org.fixmyquarter.plugins.connector.open311;
