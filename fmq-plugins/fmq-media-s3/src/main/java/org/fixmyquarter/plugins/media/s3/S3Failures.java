package org.fixmyquarter.plugins.media.s3;

import org.fixmyquarter.spi.PluginException;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns the SDK's exceptions into {@link PluginException}s an administrator can act on: the
 * server's answer, what it usually means, and whether trying again later may help (a 5xx, a
 * throttling answer or a network failure may; a refusal such as a missing bucket or a wrong key
 * will not until someone changes the configuration).
 */
final class S3Failures {

    private S3Failures() {
    }

    /**
     * @param action   what was being done, such as {@code "store 'reports/a.jpg'"}
     * @param settings where
     * @param e        what the SDK threw
     * @return the exception to throw
     */
    static PluginException of(String action, S3Settings settings, SdkException e) {
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            AwsErrorDetails details = service.awsErrorDetails();
            String code = details == null ? null : details.errorCode();
            String answer = (code == null ? "" : code + ", ") + "HTTP " + status;
            String hint = hint(code, status, settings);
            return new PluginException("could not " + action + " in bucket '" + settings.bucket() + "' at "
                    + settings.where() + ": the server answered " + answer + (hint.isEmpty() ? "" : "; " + hint),
                    retryable(status), e);
        }
        if (e instanceof SdkClientException) {
            return new PluginException("could not " + action + ": no answer from " + settings.where() + " ("
                    + e.getMessage() + ")", true, e);
        }
        return new PluginException("could not " + action + " in bucket '" + settings.bucket() + "' at "
                + settings.where() + ": " + e.getMessage(), e.retryable(), e);
    }

    /**
     * @param status an HTTP status
     * @return whether the same request may succeed later without a change of configuration
     */
    static boolean retryable(int status) {
        return status >= 500 || status == 408 || status == 429 || status <= 0;
    }

    private static String hint(String code, int status, S3Settings settings) {
        if ("NoSuchBucket".equals(code) || (code == null && status == 404)) {
            return "there is no bucket '" + settings.bucket() + "' there: create it, or correct fmq.plugin.s3.bucket";
        }
        if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
            return "the credentials are wrong: check fmq.plugin.s3.access-key and secret-key";
        }
        if ("AccessDenied".equals(code) || status == 403) {
            return "access denied: the credentials in use may not use this bucket (check its policy, or "
                    + "fmq.plugin.s3.access-key and secret-key)";
        }
        if ("PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code) || status == 301) {
            return "the bucket is in another region than '" + settings.region() + "': set fmq.plugin.s3.region";
        }
        return "";
    }
}
