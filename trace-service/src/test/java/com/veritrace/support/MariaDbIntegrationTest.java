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
 * The whole application against this run's MariaDB database (production's driver, MySQL
 * Connector/J, and dialect) and the real Redis for scan counters, with MockMvc through
 * the real security filter chain.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = { "veritrace.bootstrap.admin-key=" + MariaDbIntegrationTest.ADMIN_KEY,
		"veritrace.demo.enabled=false", "veritrace.api.max-body-size=64KB", "veritrace.scan.counters=redis",
		"veritrace.scan.page-cache=redis", "veritrace.scan.counter-retention=PT1H",
		"veritrace.rate-limit.scans-per-minute=100000",
		// every portal test logs in through the form from 127.0.0.1
		"veritrace.rate-limit.logins-per-minute=100000",
		// MockMvc's requests come from 127.0.0.1: the tests play the edge that sets the
		// client-region header
		"veritrace.scan.place-header-edges=127.0.0.1",
		// the contexts of all test classes live on together over one database: only the
		// subscription tests' context delivers subscriptions (it sets this to true)
		"veritrace.epcis.subscriptions.enabled=false",
		// the recount of scans made while Redis was down: only the Redis outage test's
		// context runs it often (the others would take its notes)
		"veritrace.scan.recount-interval=PT1H" })
@ActiveProfiles("mariadb")
@AutoConfigureMockMvc
@ContextConfiguration(initializers = MariaDbInitializer.class)
public @interface MariaDbIntegrationTest {

	String ADMIN_KEY = "it-admin-key-0123456789abcdef0123";

}
