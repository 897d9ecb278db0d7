/**
 * The categories resource.
 */
package org.fixmyquarter.api.category;
