package com.veritrace.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on a random port against this run's MariaDB and Redis, for the
 * portal's browser tests ({@link PortalBrowser}): one set of settings, so that the
 * classes share one application context. Code jobs run in batches of 100, so that a job
 * of 1,000 codes moves its progress bar in steps; webhook endpoints may be on loopback (a
 * receiver the test runs). MockMvc is there for the set-up a test does beside the
 * browser.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "veritrace.bootstrap.admin-key=" + MariaDbIntegrationTest.ADMIN_KEY,
				"veritrace.demo.enabled=false", "veritrace.scan.counters=redis", "veritrace.scan.page-cache=redis",
				"veritrace.scan.counter-retention=PT1H", "veritrace.rate-limit.scans-per-minute=100000",
				// every test logs in through the form from 127.0.0.1
				"veritrace.rate-limit.logins-per-minute=100000", "veritrace.codes.batch-size=100",
				// webhook endpoints on this machine (the tests' receivers)
				"veritrace.notify.http.allow-loopback=true", "veritrace.epcis.subscriptions.enabled=false" })
@ActiveProfiles("mariadb")
@AutoConfigureMockMvc
@ContextConfiguration(initializers = MariaDbInitializer.class)
public @interface PortalBrowserTest {

}
