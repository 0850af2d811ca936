package com.veritrace.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real SMTP server in the test's JVM (GreenMail) on a free loopback port, and the links
 * of the portal's mails (which name {@link #BASE}, the configured public address).
 */
public final class MailServer {

	/** The public address the application is configured with in mail tests. */
	public static final String BASE = "http://portal.test";

	private static final Pattern LINK = Pattern.compile("http://portal\\.test(/portal/[a-z-]+/[A-Za-z0-9_-]{43})");

	private final GreenMail smtp;

	private MailServer(GreenMail smtp) {
		this.smtp = smtp;
	}

	/** Starts a server on a free port. */
	public static MailServer start() {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		smtp.start();
		return new MailServer(smtp);
	}

	/** Points the application's mail and public address at this server. */
	public void register(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> this.smtp.getSmtp().getPort());
		registry.add("veritrace.public-base-url", () -> BASE);
	}

	/** How many mails arrived so far. */
	public int received() {
		return this.smtp.getReceivedMessages().length;
	}

	/**
	 * The path of the link in the latest mail to {@code address} (waiting up to 5 s for
	 * it), checked to start with {@code prefix}.
	 */
	public String linkTo(String address, String prefix) throws InterruptedException, MessagingException {
		for (int wait = 0; wait < 50; wait++) {
			MimeMessage[] messages = this.smtp.getReceivedMessages();
			for (int i = messages.length - 1; i >= 0; i--) {
				if (messages[i].getAllRecipients()[0].toString().equalsIgnoreCase(address)) {
					Matcher m = LINK.matcher(GreenMailUtil.getBody(messages[i]).replace("=\r\n", ""));
					assertThat(m.find()).as("a link to " + BASE + " in the mail").isTrue();
					assertThat(m.group(1)).startsWith(prefix);
					return m.group(1);
				}
			}
			Thread.sleep(100);
		}
		throw new AssertionError("no mail to " + address);
	}

	/** The mails that arrived for {@code address} so far, oldest first. */
	public java.util.List<MimeMessage> to(String address) throws MessagingException {
		java.util.List<MimeMessage> found = new java.util.ArrayList<>();
		for (MimeMessage message : this.smtp.getReceivedMessages()) {
			for (jakarta.mail.Address recipient : message.getAllRecipients()) {
				if (recipient.toString().equalsIgnoreCase(address)) {
					found.add(message);
				}
			}
		}
		return found;
	}

	/** A plain-text mail's text, decoded. */
	public static String text(MimeMessage message) throws MessagingException, java.io.IOException {
		return String.valueOf(message.getContent());
	}

	public void stop() {
		this.smtp.stop();
	}

}
