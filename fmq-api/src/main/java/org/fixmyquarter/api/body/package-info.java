/**
 * REST resources of responsible bodies: the administrators' {@code /admin/bodies} and the public
 * {@code /bodies}. The rules live in {@code org.fixmyquarter.core.body}.
 */
package org.fixmyquarter.api.body;
