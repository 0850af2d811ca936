package com.veritrace.accounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

@Configuration(proxyBeanMethods = false)
class AccountMailConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AccountMailConfiguration.class);

	@Bean
	AccountMail accountMail(ObjectProvider<JavaMailSender> sender, AccountsProperties properties, Clock clock) {
		JavaMailSender smtp = sender.getIfAvailable();
		if (smtp != null) {
			return (to, subject, body) -> {
				SimpleMailMessage message = new SimpleMailMessage();
				message.setFrom(properties.mailFrom());
				message.setTo(to);
				message.setSubject(subject);
				message.setText(body);
				try {
					smtp.send(message);
				}
				catch (MailException ex) {
					throw new com.veritrace.shared.UnavailableException("mail-unavailable", "Mail not sent",
							"The mail server did not take the mail; try again later");
				}
			};
		}
		return new OutboxMail(properties.outbox(), properties.mailFrom(), clock);
	}

	/**
	 * The embedded default's mail: one text file per mail in the outbox folder, and a
	 * line in the log that names the file and the mail's first link (nobody else would
	 * receive it).
	 */
	static final class OutboxMail implements AccountMail {

		private final Path outbox;

		private final String from;

		private final Clock clock;

		OutboxMail(Path outbox, String from, Clock clock) {
			this.outbox = outbox;
			this.from = from;
			this.clock = clock;
		}

		@Override
		public void send(String to, String subject, String body) {
			try {
				Files.createDirectories(this.outbox);
				String name = DateTimeFormatter.ISO_INSTANT.format(this.clock.instant()).replace(':', '-') + "-"
						+ UUID.randomUUID().toString().substring(0, 8) + ".eml";
				Path file = this.outbox.resolve(name);
				Files.writeString(file, "From: " + this.from + "\r\nTo: " + to + "\r\nSubject: " + subject
						+ "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + body, StandardCharsets.UTF_8);
				String link = body.lines().filter(l -> l.strip().startsWith("http")).findFirst().orElse("").strip();
				log.info("Mail to {} ({}) written to {}: {}", to, subject, file, link);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot write to the mail outbox " + this.outbox, ex);
			}
		}

	}

}
