/**
 * The file-system media store of FixMyQuarter: keeps the photos and attachments of reports as
 * files under one root folder. The server's default store.
 */
module org.fixmyquarter.plugins.media.filesystem {
    requires org.fixmyquarter.spi;

    provides org.fixmyquarter.spi.media.MediaStore
            with org.fixmyquarter.plugins.media.filesystem.FileSystemMediaStore;
}
