package com.veritrace.media;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.support.ApiClient;
import com.veritrace.support.Portal;
import com.veritrace.support.PortalBrowser;
import com.veritrace.support.PortalBrowserTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * A brand's owner in headless Chromium adds two pictures with captions to a lot and a
 * link to a live stream on a host it allows, then a shopper opens the lot's scan page on
 * a 360-pixel phone: the pictures load lazily below the verdict, with their sizes
 * reserved. Both pages in English and Chinese, checked with axe-core; screenshots in
 * {@code target/screenshots/media/}.
 */
@PortalBrowserTest
class OriginMediaBrowserIntegrationTests {

	static final Path SHOTS = Path.of("target", "screenshots", "media");

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Test
	void anOwnerAddsPicturesAndAStreamAndAShopperSeesThemOnThePhone() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		ApiClient.Tenant brand = api.tenant(ApiClient.unique("West Lake Tea Co."), "BRAND", "read", "products:write");
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), brand.key(),
				"{\"gtin\":\"" + gtin + "\",\"name\":\"West Lake Longjing green tea, 250 g\"}", 201);
		api.call(post("/api/v1/products/" + gtin + "/lots"), brand.key(), "{\"lotNumber\":\"M2026\"}", 201);
		String email = "media-" + Long.toHexString(System.nanoTime()) + "@test.example";
		this.accounts.ensureUser(brand.id(), email, "Li Wei", Role.OWNER, Portal.PASSWORD);
		Files.createDirectories(SHOTS);
		Path garden = picture(1600, 1000, new Color(0x2e7d32), new Color(0xc5e1a5));
		Path leaves = picture(900, 1200, new Color(0x33691e), new Color(0xfff59d));

		try (PortalBrowser browser = new PortalBrowser(this.port)) {
			ChromeDriver d = browser.driver();
			browser.login(email, Portal.PASSWORD);
			browser.open("/portal/media/" + gtin + "?lot=M2026&lang=en");
			assertThat(d.findElement(By.tagName("h1")).getText()).contains("Origin media of");
			upload(browser, garden, "Our tea garden on the hills of Longjing village");
			upload(browser, leaves, "Picked by hand on 3 April");
			assertThat(d.findElements(By.cssSelector("#media li[data-kind=IMAGE]"))).hasSize(2);
			d.findElement(By.id("host")).sendKeys("live.example.com");
			d.findElement(By.cssSelector("form[action$='/hosts'] button[type=submit]")).click();
			browser.waiting(10).until(w -> !w.findElements(By.cssSelector("#hosts li")).isEmpty());
			// a host not on the list: explained next to the field
			d.findElement(By.id("video-url")).sendKeys("https://evil.example.net/live");
			d.findElement(By.cssSelector("form[action$='/link'] button[type=submit]")).click();
			browser.waiting(10).until(w -> !w.findElements(By.id("url-error")).isEmpty());
			assertThat(d.findElement(By.id("url-error")).getText()).contains("not on your list");
			browser.assertAccessible("media page with an error (en)");
			d.findElement(By.id("video-url")).clear();
			d.findElement(By.id("video-url")).sendKeys("https://live.example.com/longjing/today");
			d.findElement(By.id("link-caption")).sendKeys("Live from the garden, 8:00-18:00");
			d.findElement(By.cssSelector("form[action$='/link'] button[type=submit]")).click();
			browser.waiting(10).until(w -> w.findElements(By.cssSelector("#media li")).size() == 3);
			browser.assertAccessible("media page (en)");
			phone(d, "portal-media-en-360");
			browser.screenshots("../media/portal-media-en");
			browser.open("/portal/media/" + gtin + "?lot=M2026&lang=zh-CN");
			assertThat(d.findElement(By.tagName("h1")).getText()).contains("溯源图片与视频");
			browser.assertAccessible("media page (zh-CN)");
			phone(d, "portal-media-zh-CN-360");

			// the shopper's phone: the lot's page
			for (String lang : List.of("en", "zh-CN")) {
				browser.logout();
				d.manage().window().setSize(new Dimension(360, 800));
				browser.open("/01/" + gtin + "/10/M2026?lang=" + lang);
				WebElement section = d.findElement(By.id("origin-media"));
				List<WebElement> images = section.findElements(By.tagName("img"));
				assertThat(images).hasSize(2);
				for (WebElement img : images) {
					assertThat(img.getDomAttribute("loading")).isEqualTo("lazy");
					assertThat(img.getDomAttribute("width")).isNotBlank();
					assertThat(img.getDomAttribute("height")).isNotBlank();
				}
				// the verdict comes first; the pictures' boxes have their final size
				// before
				// they load
				assertThat(d.findElement(By.id("verdict")).getLocation().getY())
					.isLessThan(section.getLocation().getY());
				long reserved = (Long) d.executeScript(
						"return Math.round(document.querySelector('#origin-media img').getBoundingClientRect().height)");
				d.executeScript("arguments[0].scrollIntoView()", section);
				browser.waiting(15)
					.until(w -> (Boolean) d.executeScript("return [...document.querySelectorAll('#origin-media img')]"
							+ ".every(i => i.complete && i.naturalWidth > 0)"));
				long loaded = (Long) d.executeScript(
						"return Math.round(document.querySelector('#origin-media img').getBoundingClientRect().height)");
				assertThat(loaded).as("the first picture's height before and after it loaded").isEqualTo(reserved);
				assertThat(section.findElement(By.cssSelector("a.origin-link")).getText()).contains("live.example.com");
				assertThat(PortalBrowser.accessibilityViolations(d)).as("scan page with media (" + lang + ")")
					.isEmpty();
				phone(d, "scan-media-" + lang + "-360");
			}
		}
	}

	private static void upload(PortalBrowser browser, Path file, String caption) {
		WebDriver d = browser.driver();
		int before = d.findElements(By.cssSelector("#media li")).size();
		d.findElement(By.id("image-file")).sendKeys(file.toAbsolutePath().toString());
		d.findElement(By.id("image-caption")).sendKeys(caption);
		d.findElement(By.cssSelector("form[action$='/images'] button[type=submit]")).click();
		browser.waiting(20).until(w -> w.findElements(By.cssSelector("#media li")).size() == before + 1);
	}

	/** The whole page at 360 pixels wide (as tall as it is, at most 4000). */
	private static void phone(ChromeDriver d, String name) throws Exception {
		d.manage().window().setSize(new Dimension(360, 800));
		long height = (Long) d.executeScript("return document.documentElement.scrollHeight");
		d.manage().window().setSize(new Dimension(360, (int) Math.min(4000, height + 100)));
		d.executeScript("window.scrollTo(0, 0)");
		Thread.sleep(300);
		Files.write(SHOTS.resolve(name + ".png"), d.getScreenshotAs(OutputType.BYTES));
		d.manage().window().setSize(new Dimension(1280, 900));
	}

	/**
	 * A picture that looks like a photograph's colours: a gradient and some rows of
	 * bushes.
	 */
	private static Path picture(int width, int height, Color from, Color to) throws Exception {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setPaint(new GradientPaint(0, 0, to, 0, height, from));
		g.fillRect(0, 0, width, height);
		g.setColor(from.darker());
		for (int row = height / 2; row < height; row += height / 10) {
			for (int x = 0; x < width; x += width / 12) {
				g.fillOval(x, row, width / 10, height / 14);
			}
		}
		g.dispose();
		Path file = Files.createTempFile("origin", ".jpg");
		ImageIO.write(image, "jpeg", file.toFile());
		return file;
	}

}
