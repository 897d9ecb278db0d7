/**
 * The entry point of the embedded core ({@link org.fixmyquarter.embedded.FixMyQuarter}) and the
 * database set-up it shares with the server ({@link org.fixmyquarter.embedded.DatabaseSchema}).
 */
package org.fixmyquarter.embedded;
