/**
 * Extension point for translations: a {@link org.fixmyquarter.spi.i18n.LanguagePack} per locale.
 */
package org.fixmyquarter.spi.i18n;
