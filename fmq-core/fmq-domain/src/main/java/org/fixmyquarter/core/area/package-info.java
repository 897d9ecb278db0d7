/**
 * Areas: the polygons (country, city, district...) an administrator imports as GeoJSON, and the
 * routing of each new report to the areas its position lies in. See {@link org.fixmyquarter.core.area.Areas}
 * for the use cases and docs/areas.md for the rules.
 */
package org.fixmyquarter.core.area;
