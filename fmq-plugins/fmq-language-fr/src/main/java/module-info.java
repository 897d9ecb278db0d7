/**
 * The French language pack of FixMyQuarter.
 */
module org.fixmyquarter.plugins.language.fr {
    requires org.fixmyquarter.spi;

    provides org.fixmyquarter.spi.i18n.LanguagePack with org.fixmyquarter.plugins.language.fr.FrenchLanguagePack;
}
