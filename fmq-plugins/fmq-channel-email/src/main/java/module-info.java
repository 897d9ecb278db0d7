/**
 * The e-mail notification channel of FixMyQuarter: a personal channel that sends each person an
 * event concerns a plain-text e-mail in their language, over SMTP with Jakarta Mail (Eclipse Angus).
 */
module org.fixmyquarter.plugins.channel.email {
    requires org.fixmyquarter.spi;
    requires jakarta.mail;
    // The SMTP implementation: its exceptions carry the server's reply code.
    requires org.eclipse.angus.mail;

    provides org.fixmyquarter.spi.notification.NotificationChannel
            with org.fixmyquarter.plugins.channel.email.EmailChannel;
}
