package com.veritrace.accounts;

/**
 * Sends the mails of accounts (invitations, password resets). Over SMTP when
 * {@code spring.mail.host} is set; otherwise into the outbox folder of the embedded
 * default.
 */
public interface AccountMail {

	void send(String to, String subject, String body);

}
