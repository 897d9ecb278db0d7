/**
 * The German language pack of FixMyQuarter.
 */
module org.fixmyquarter.plugins.language.de {
    requires org.fixmyquarter.spi;

    provides org.fixmyquarter.spi.i18n.LanguagePack with org.fixmyquarter.plugins.language.de.GermanLanguagePack;
}
