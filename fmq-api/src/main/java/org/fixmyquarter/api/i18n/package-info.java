/**
 * Languages in the API: the reader's locale from {@code Accept-Language}, translated texts, and
 * the list of languages the deployment speaks.
 */
package org.fixmyquarter.api.i18n;
