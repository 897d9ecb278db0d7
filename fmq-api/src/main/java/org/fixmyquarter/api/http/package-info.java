/**
 * Reading request bodies and writing JSON: the small pieces every resource shares.
 */
package org.fixmyquarter.api.http;
