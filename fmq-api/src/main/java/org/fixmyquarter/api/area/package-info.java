/**
 * Areas over HTTP: the public list (a tree) and one area with its polygon ({@code /areas}), the
 * administrators' import, change and retirement ({@code /admin/areas}). The rules are the core's
 * ({@code org.fixmyquarter.core.area}); see docs/areas.md.
 */
package org.fixmyquarter.api.area;
