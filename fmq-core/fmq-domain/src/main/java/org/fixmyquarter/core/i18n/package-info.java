/**
 * Translations and formats for people: picking the reader's locale, looking keys up in the
 * language packs with per-key fallback, category names, dates in a time zone and distances in
 * metric or imperial units.
 */
package org.fixmyquarter.core.i18n;
