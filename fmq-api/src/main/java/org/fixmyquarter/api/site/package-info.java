/**
 * What the web page needs to know about the deployment: its name, language, time zone, map
 * (centre, zoom, tile server) and the limits of reports and photos ({@code GET /api/v1/site}),
 * read from the {@code fmq.site.*} and {@code fmq.map.*} settings and checked at start; and the
 * page itself at each of its own addresses ({@link org.fixmyquarter.api.site.PageRoutes}).
 */
package org.fixmyquarter.api.site;
