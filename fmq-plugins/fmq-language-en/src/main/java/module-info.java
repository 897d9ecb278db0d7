/**
 * The English language pack of FixMyQuarter.
 */
module org.fixmyquarter.plugins.language.en {
    requires org.fixmyquarter.spi;

    provides org.fixmyquarter.spi.i18n.LanguagePack with org.fixmyquarter.plugins.language.en.EnglishLanguagePack;
}
