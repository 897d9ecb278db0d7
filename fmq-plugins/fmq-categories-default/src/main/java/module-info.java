/**
 * The default category pack: the eight categories of FixMyQuarter with their sub-categories,
 * icons and translations.
 */
module org.fixmyquarter.plugins.categories {
    requires org.fixmyquarter.spi;

    provides org.fixmyquarter.spi.category.CategoryProvider
            with org.fixmyquarter.plugins.categories.DefaultCategoryPack;
}
