package com.veritrace.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium for the portal's browser tests: log in through the form,
 * take screenshots at desktop (1280 px) and tablet (768 px) widths into
 * {@code target/screenshots/portal/}, and check a page with axe-core (the npm package,
 * from its WebJar): no serious or critical violations.
 */
public final class PortalBrowser implements AutoCloseable {

	public static final Path SHOTS = Path.of("target", "screenshots", "portal");

	private final ChromeDriver driver;

	private final String base;

	public PortalBrowser(int port) throws IOException {
		System.setProperty("SE_OFFLINE", "true");
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
				"--window-size=1280,900", "--user-data-dir=" + Files.createTempDirectory("chromium"));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
			.build();
		this.driver = new ChromeDriver(service, options);
		this.base = "http://localhost:" + port;
		Files.createDirectories(SHOTS);
	}

	public ChromeDriver driver() {
		return this.driver;
	}

	/** Opens a portal path, e.g. {@code /portal/users?lang=zh-CN}. */
	public void open(String path) {
		this.driver.get(this.base + path);
	}

	public WebDriverWait waiting(int seconds) {
		WebDriverWait wait = new WebDriverWait(this.driver, Duration.ofSeconds(seconds));
		// a condition that reads an element of a page being replaced (a form posted, an
		// htmx swap) sees it go stale: ask again, as for an element not there yet
		wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
		return wait;
	}

	/** Logs in through the login form; asserts the dashboard came. */
	public void login(String email, String password) {
		open("/portal/login");
		this.driver.findElement(By.id("email")).sendKeys(email);
		this.driver.findElement(By.id("password")).sendKeys(password);
		this.driver.findElement(By.cssSelector("form button[type=submit]")).click();
		waiting(15).until(d -> d.getCurrentUrl().endsWith("/portal"));
	}

	public void logout() {
		this.driver.manage().deleteAllCookies();
	}

	/**
	 * Screenshots of the current page at 1280 px and 768 px: {@code <name>-1280.png}, ...
	 */
	public void screenshots(String name) throws IOException {
		for (int width : new int[] { 1280, 768 }) {
			this.driver.manage().window().setSize(new Dimension(width, 900));
			Files.write(SHOTS.resolve(name + "-" + width + ".png"), this.driver.getScreenshotAs(OutputType.BYTES));
		}
		this.driver.manage().window().setSize(new Dimension(1280, 900));
	}

	/**
	 * axe-core's serious and critical violations of the current page, as "rule: target"
	 * lines (empty when there are none).
	 */
	public List<String> accessibilityViolations() throws IOException {
		return accessibilityViolations(this.driver);
	}

	/**
	 * axe-core's serious and critical violations of the page {@code driver} shows, as
	 * "rule: target" lines (empty when there are none).
	 */
	@SuppressWarnings("unchecked")
	public static List<String> accessibilityViolations(org.openqa.selenium.chrome.ChromeDriver driver)
			throws IOException {
		String axe;
		try (InputStream in = PortalBrowser.class
			.getResourceAsStream("/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
			assertThat(in).as("axe-core WebJar on the test classpath").isNotNull();
			axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		// injected by the test driver (not a <script> of the page), so the page's CSP
		// does not
		// apply
		driver.executeScript(axe);
		Object result = driver.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v =>
				  ({id: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(' ')).join(', ')}))));
				""");
		List<String> serious = new ArrayList<>();
		for (Map<String, Object> violation : (List<Map<String, Object>>) result) {
			Object impact = violation.get("impact");
			if ("serious".equals(impact) || "critical".equals(impact)) {
				serious.add(violation.get("id") + " (" + impact + "): " + violation.get("targets"));
			}
		}
		return serious;
	}

	/** Asserts the current page has no serious or critical accessibility violation. */
	public void assertAccessible(String page) throws IOException {
		assertThat(accessibilityViolations()).as("axe-core on " + page).isEmpty();
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
