/**
 * The S3 media store: {@link org.fixmyquarter.plugins.media.s3.S3MediaStore} is the plugin; the
 * other classes read its settings and turn the SDK's failures into messages an administrator
 * understands. Nothing here is exported.
 */
package org.fixmyquarter.plugins.media.s3;
