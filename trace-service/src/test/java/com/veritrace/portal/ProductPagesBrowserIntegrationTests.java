package com.veritrace.portal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.support.ApiClient;
import com.veritrace.support.Portal;
import com.veritrace.support.PortalBrowser;
import com.veritrace.support.PortalBrowserTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A brand's owner in headless Chromium: logs in, sees the dashboard, makes a typing
 * mistake in a GTIN and reads why, creates a product and a lot, uploads its picture, and
 * the scan page shows it; in English and Chinese, at 1280 and 768 pixels, each page
 * checked with axe-core.
 */
@PortalBrowserTest
class ProductPagesBrowserIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void anOwnerCreatesAProductAndALotAndItsPictureReachesTheScanPage() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		ApiClient.Tenant brand = api.tenant(ApiClient.unique("West Lake Tea Co."), "BRAND", "read");
		String email = "owner-" + Long.toHexString(System.nanoTime()) + "@test.example";
		this.accounts.ensureUser(brand.id(), email, "Li Wei", Role.OWNER, Portal.PASSWORD);
		String gtin = ApiClient.randomGtin();
		int right = gtin.charAt(13) - '0';
		String typo = gtin.substring(0, 13) + ((right + 3) % 10);
		Path picture = picture();

		try (PortalBrowser browser = new PortalBrowser(this.port)) {
			WebDriver d = browser.driver();
			browser.login(email, Portal.PASSWORD);

			browser.open("/portal/products?lang=en");
			assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("Products and lots");
			d.findElement(By.id("gtin")).sendKeys(typo);
			d.findElement(By.id("name")).sendKeys("West Lake Longjing green tea, 250 g");
			d.findElement(By.id("category")).sendKeys("tea");
			d.findElement(By.cssSelector("form.stack button[type=submit]")).click();
			browser.waiting(10).until(w -> !w.findElements(By.id("gtin-error")).isEmpty());
			assertThat(d.findElement(By.id("gtin-error")).getText())
				.contains("should be " + right + ", not " + ((right + 3) % 10));
			assertThat(d.findElement(By.id("gtin")).getDomAttribute("aria-describedby")).isEqualTo("gtin-error");
			browser.screenshots("catalog-products-gtin-error-en");
			browser.assertAccessible("products with a GTIN error (en)");

			d.findElement(By.id("gtin")).clear();
			d.findElement(By.id("gtin")).sendKeys(gtin);
			d.findElement(By.cssSelector("form.stack button[type=submit]")).click();
			browser.waiting(10).until(w -> w.getCurrentUrl().contains("/portal/products/" + gtin));
			assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("West Lake Longjing green tea, 250 g");

			d.findElement(By.id("lotNumber")).sendKeys("LJ-2026-04");
			d.findElement(By.cssSelector("form[action$='/lots'] button")).click();
			browser.waiting(10).until(w -> !w.findElements(By.cssSelector("tr[data-lot='LJ-2026-04']")).isEmpty());

			d.findElement(By.id("image")).sendKeys(picture.toAbsolutePath().toString());
			d.findElement(By.cssSelector("form[action$='/image'] button")).click();
			browser.waiting(10).until(w -> !w.findElements(By.cssSelector("img.product-thumb")).isEmpty());
			assertThat(d.findElement(By.cssSelector("img.product-thumb")).getDomAttribute("alt"))
				.isEqualTo("Picture of West Lake Longjing green tea, 250 g");
			assertThat(naturalWidth(browser, "img.product-thumb")).isEqualTo(320L);
			browser.screenshots("catalog-product-en");
			browser.assertAccessible("product page (en)");

			browser.open("/portal/products/" + gtin + "?lang=zh-CN");
			assertThat(d.findElement(By.id("lots-title")).getText()).isEqualTo("批次");
			browser.screenshots("catalog-product-zh");
			browser.assertAccessible("product page (zh-CN)");

			browser.open("/portal/products?lang=zh-CN");
			assertThat(d.findElement(By.cssSelector("tr[data-gtin='" + gtin + "']")).getText()).contains("启用");
			browser.screenshots("catalog-products-zh");
			browser.assertAccessible("products (zh-CN)");
			browser.open("/portal/products?lang=en");
			browser.screenshots("catalog-products-en");

			browser.open("/portal?lang=zh-CN");
			assertThat(d.findElement(By.cssSelector("[data-count=alerts]")).getText()).contains("暂无告警");
			browser.screenshots("catalog-dashboard-zh");
			browser.assertAccessible("dashboard (zh-CN)");
			browser.open("/portal?lang=en");
			// counted again after the product was created in the portal
			assertThat(d.findElement(By.cssSelector("[data-count=products] .value")).getText()).isEqualTo("1");
			assertThat(d.findElements(By.cssSelector("tr[data-action='product.image-changed']"))).hasSize(1);
			browser.screenshots("catalog-dashboard-en");
			browser.assertAccessible("dashboard (en)");

			// the consumer's scan page shows the picture
			browser.open("/01/" + gtin + "/10/LJ-2026-04?lang=en");
			browser.waiting(10).until(w -> !w.findElements(By.cssSelector("img.product-image")).isEmpty());
			assertThat(d.findElement(By.cssSelector("img.product-image")).getDomAttribute("alt"))
				.isEqualTo("West Lake Longjing green tea, 250 g");
			browser.waiting(10).until(w -> naturalWidth(browser, "img.product-image") == 320L);
			browser.screenshots("catalog-scan-page-picture-en");
		}
	}

	private static long naturalWidth(PortalBrowser browser, String selector) {
		Object width = browser.driver()
			.executeScript(
					"const i = document.querySelector(arguments[0]); return i && i.complete ? i.naturalWidth : 0;",
					selector);
		return ((Number) width).longValue();
	}

	/** A 1200 x 900 JPEG: a tea-green field with a darker leaf. */
	private static Path picture() throws Exception {
		BufferedImage image = new BufferedImage(1200, 900, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setColor(new Color(0x9cc27a));
		g.fillRect(0, 0, 1200, 900);
		g.setColor(new Color(0x3f6b2a));
		g.fillOval(350, 200, 500, 500);
		g.dispose();
		Path file = Files.createTempFile("tea", ".jpg");
		ImageIO.write(image, "jpeg", file.toFile());
		return file;
	}

}
