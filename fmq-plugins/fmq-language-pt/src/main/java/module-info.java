/**
 * The Portuguese language pack of FixMyQuarter.
 */
module org.fixmyquarter.plugins.language.pt {
    requires org.fixmyquarter.spi;

    provides org.fixmyquarter.spi.i18n.LanguagePack with org.fixmyquarter.plugins.language.pt.PortugueseLanguagePack;
}
