/**
 * The Open311 GeoReport v2 server (docs/open311.md): discovery, services from the category packs,
 * requests read and posted, FixMyStreet's {@code servicerequestupdates}, in JSON and XML, under
 * the configurable base path {@code fmq.open311.base-path}; and the administrators' API keys
 * ({@code /api/v1/admin/api-keys}) that apps post with.
 *
 * <p>The business rules stay in the core: reports are created and searched through
 * {@code ReportService}, keys managed through {@code ApiKeys}; this package only translates
 * GeoReport's parameters and documents to and from them.
 */
package org.fixmyquarter.api.open311;
