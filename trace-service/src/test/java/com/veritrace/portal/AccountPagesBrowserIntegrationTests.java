package com.veritrace.portal;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.support.MailServer;
import com.veritrace.support.Portal;
import com.veritrace.support.PortalBrowser;
import com.veritrace.support.PortalBrowserTest;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.OrganisationService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account pages in headless Chromium against the real server (MariaDB, sessions in
 * the database, mail through GreenMail): an owner invites someone, who accepts from the
 * mail and logs in; a viewer is refused an owner's action; the pages in English and
 * Chinese at desktop and tablet widths, checked with axe-core.
 */
@PortalBrowserTest
class AccountPagesBrowserIntegrationTests {

	static final MailServer SMTP = MailServer.start();

	static PortalBrowser browser;

	@LocalServerPort
	int port;

	@Autowired
	AccountService accounts;

	@Autowired
	OrganisationService organisations;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void mail(DynamicPropertyRegistry registry) {
		SMTP.register(registry);
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.close();
		}
		SMTP.stop();
	}

	private PortalBrowser browser() throws IOException {
		if (browser == null) {
			browser = new PortalBrowser(this.port);
		}
		return browser;
	}

	@Test
	void anOwnerInvitesSomeoneWhoAcceptsFromTheMailAndAViewerIsRefused() throws Exception {
		PortalBrowser b = browser();
		long brand = this.organisations.createUnchecked("Browser Tea " + System.nanoTime(), OrganisationKind.BRAND)
			.getId();
		String ownerEmail = "owner-" + System.nanoTime() + "@test.example";
		this.accounts.ensureUser(brand, ownerEmail, "Wang Fang", Role.OWNER, Portal.PASSWORD);

		b.open("/portal/login?lang=en");
		b.screenshots("login-en");
		b.assertAccessible("login");
		b.login(ownerEmail, Portal.PASSWORD);
		b.open("/portal/users");
		String invited = "xu.ming-" + System.nanoTime() + "@test.example";
		b.driver().findElement(By.id("email")).sendKeys("not an address");
		b.driver().findElement(By.id("displayName")).sendKeys("Xu Ming <script>alert(1)</script>");
		b.driver().findElement(By.cssSelector("form.stack button[type=submit]")).click();
		WebElement error = b.waiting(10).until(d -> d.findElement(By.id("email-error")));
		assertThat(error.getText()).contains("must be an e-mail address");
		assertThat(b.driver().findElement(By.id("email")).getDomAttribute("aria-invalid")).isEqualTo("true");
		b.screenshots("users-invite-error-en");
		b.assertAccessible("users with an error");
		WebElement email = b.driver().findElement(By.id("email"));
		email.clear();
		email.sendKeys(invited);
		new Select(b.driver().findElement(By.id("role"))).selectByValue("VIEWER");
		b.driver().findElement(By.cssSelector("form.stack button[type=submit]")).click();
		b.waiting(10).until(d -> d.getPageSource().contains("An invitation was sent to " + invited));
		// the name is shown as text, not run
		assertThat(b.driver().findElement(By.cssSelector("tr[data-email='" + invited + "'] td")).getText())
			.isEqualTo("Xu Ming <script>alert(1)</script>");
		b.screenshots("users-en");
		b.assertAccessible("users");
		b.open("/portal/users?lang=zh-CN");
		assertThat(b.driver().findElement(By.tagName("h1")).getText()).isEqualTo("用户");
		b.screenshots("users-zh");
		b.assertAccessible("users (zh-CN)");
		b.open("/portal/audit");
		assertThat(b.driver().findElements(By.cssSelector("tr[data-action='user.invited']"))).hasSize(1);
		// the person who acted is named by their address, not an id
		assertThat(b.driver().findElement(By.cssSelector("tr[data-action='user.invited'] td:nth-child(2)")).getText())
			.isEqualTo(ownerEmail);
		b.screenshots("audit-zh");
		b.open("/portal/profile?lang=en");
		b.screenshots("profile-en");
		b.assertAccessible("profile");
		b.logout();

		// the invited person opens the link of the mail
		// the link names the configured public address, never the request's Host header
		b.open(SMTP.linkTo(invited, "/portal/invitations/"));
		b.driver().findElement(By.id("password")).sendKeys("tea is a fine drink");
		b.driver().findElement(By.id("repeatPassword")).sendKeys("tea is a fine drink");
		b.screenshots("invitation-en");
		b.assertAccessible("invitation");
		b.driver().findElement(By.cssSelector("form.stack button[type=submit]")).click();
		b.waiting(10).until(d -> d.getCurrentUrl().contains("/portal/login?joined"));
		b.login(invited, "tea is a fine drink");
		assertThat(b.driver().findElement(By.cssSelector("header .who")).getText()).contains("Viewer");
		// the viewer has no users page in the menu, and the page itself is refused
		assertThat(b.driver().findElements(By.cssSelector("nav a[href='/portal/users']"))).isEmpty();
		b.open("/portal/users");
		assertThat(b.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
		b.screenshots("viewer-denied-en");
		b.assertAccessible("denied page");
		b.logout();
	}

}
