/**
 * API keys of the Open311 GeoReport v2 endpoints: administrators give one to each app or city
 * back-office that posts reports ({@link org.fixmyquarter.core.apikey.ApiKeys}); a key is shown
 * once and stored as its SHA-256 hash, and the reports it sends name it.
 */
package org.fixmyquarter.core.apikey;
