package com.veritrace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start a production profile ({@code mysql}, {@code mariadb}) with a
 * development default: the database's root user, a database connection without TLS,
 * secrets generated into the database or a local file instead of configured from a secret
 * store, Kafka in plaintext, or webhooks allowed to this machine. Runs before any other
 * bean (no migration has touched the database yet) and names, for each finding, the
 * setting to change. An operator who knows better acknowledges a finding by its name in
 * {@code veritrace.production.allow-insecure} (the test suite does, for its local MariaDB
 * and Kafka).
 */
@Component
class ProductionSafety implements BeanFactoryPostProcessor, EnvironmentAware {

	static final Set<String> PRODUCTION_PROFILES = Set.of("mysql", "mariadb");

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		List<Finding> findings = findings(this.environment);
		if (!findings.isEmpty()) {
			throw new InsecureSettingsException(findings);
		}
	}

	/** One development default found, by the name that acknowledges it. */
	record Finding(String name, String problem, String fix) {
	}

	/** The findings not acknowledged, in a production profile; none elsewhere. */
	static List<Finding> findings(Environment env) {
		if (Arrays.stream(env.getActiveProfiles()).noneMatch(PRODUCTION_PROFILES::contains)) {
			return List.of();
		}
		Set<String> allowed = new LinkedHashSet<>();
		for (String name : env.getProperty("veritrace.production.allow-insecure", "").split(",")) {
			if (!name.isBlank()) {
				allowed.add(name.strip().toLowerCase(Locale.ROOT));
			}
		}
		List<Finding> found = new ArrayList<>();
		String user = env.getProperty("spring.datasource.username", "");
		if (user.strip().equalsIgnoreCase("root")) {
			found.add(new Finding("root-database-user", "the database user is root",
					"set spring.datasource.username (VERITRACE_DB_USER) to a user of the service's own, with rights "
							+ "on its schema only"));
		}
		String url = env.getProperty("spring.datasource.url", "").toLowerCase(Locale.ROOT).replace(" ", "");
		if (url.contains("usessl=false") || url.contains("sslmode=disabled") || url.contains("sslmode=preferred")
				|| url.contains("requiressl=false")) {
			found.add(new Finding("database-without-tls", "the database connection may run without TLS",
					"set spring.datasource.url (VERITRACE_DB_URL) with sslMode=VERIFY_IDENTITY (or REQUIRED) "
							+ "instead of useSSL=false / sslMode=DISABLED or PREFERRED"));
		}
		List<String> generated = new ArrayList<>();
		if (env.getProperty("veritrace.codes.serial-key", "").isBlank()) {
			generated.add("veritrace.codes.serial-key (VERITRACE_SERIAL_KEY)");
		}
		if (env.getProperty("veritrace.query.page-token-key", "").isBlank()) {
			generated.add("veritrace.query.page-token-key (VERITRACE_QUERY_PAGE_TOKEN_KEY; the same on every node)");
		}
		if (env.getProperty("veritrace.anchor.enabled", Boolean.class, true)) {
			if (env.getProperty("veritrace.anchor.signing-key", "").isBlank()
					&& env.getProperty("veritrace.anchor.keys.signing-key-file", "").isBlank()) {
				generated.add("veritrace.anchor.signing-key (VERITRACE_ANCHOR_SIGNING_KEY; Ed25519) or "
						+ "veritrace.anchor.keys.signing-key-file (PKCS#8, Ed25519 or SM2; the sm profile needs SM2)");
			}
			if (env.getProperty("veritrace.anchor.row-mac-key", "").isBlank()) {
				generated.add("veritrace.anchor.row-mac-key (VERITRACE_ANCHOR_ROW_MAC_KEY)");
			}
		}
		if (!generated.isEmpty()) {
			found.add(new Finding("generated-keys",
					"secrets would be generated and kept beside the data they protect (database or local file)",
					"set " + String.join(", ", generated) + " from a secret store"));
		}
		if ("kafka".equalsIgnoreCase(env.getProperty("veritrace.ingest.transport", "").strip())) {
			String protocol = env.getProperty("veritrace.ingest.kafka.properties.security.protocol", "PLAINTEXT")
				.strip()
				.toUpperCase(Locale.ROOT);
			if (!protocol.equals("SSL") && !protocol.equals("SASL_SSL")) {
				found.add(new Finding("plaintext-kafka", "Kafka is reached in " + protocol,
						"set veritrace.ingest.kafka.properties.security.protocol to SASL_SSL (or SSL) with the "
								+ "ssl.* / sasl.* settings of your brokers"));
			}
		}
		if (env.getProperty("veritrace.notify.http.allow-loopback", Boolean.class, false)) {
			found.add(new Finding("webhooks-to-loopback",
					"webhook endpoints on this machine (and over plain http) may be registered",
					"remove veritrace.notify.http.allow-loopback (it is for development and tests)"));
		}
		found.removeIf(f -> allowed.contains(f.name()));
		return found;
	}

	/**
	 * Start-up refused; {@link InsecureSettingsFailureAnalyzer} prints it as a
	 * description and an action.
	 */
	static final class InsecureSettingsException extends IllegalStateException {

		private final List<Finding> findings;

		InsecureSettingsException(List<Finding> findings) {
			super("Refusing to start a production profile with development defaults: "
					+ findings.stream().map(f -> f.name() + " (" + f.problem() + ")").toList());
			this.findings = List.copyOf(findings);
		}

		List<Finding> findings() {
			return this.findings;
		}

	}

}
