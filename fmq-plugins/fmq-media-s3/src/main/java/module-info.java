/**
 * The S3 media store of FixMyQuarter: keeps the photos and attachments of reports in a bucket of
 * an S3-compatible object store (AWS S3, MinIO, Ceph...), with the AWS SDK for Java 2.
 */
module org.fixmyquarter.plugins.media.s3 {
    requires org.fixmyquarter.spi;
    // The AWS SDK jars are automatic modules, named by their Automatic-Module-Name.
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.urlconnection;

    provides org.fixmyquarter.spi.media.MediaStore
            with org.fixmyquarter.plugins.media.s3.S3MediaStore;
}
