/**
 * Reports of neighbourhood problems, their status workflow and its history.
 */
package org.fixmyquarter.core.report;
