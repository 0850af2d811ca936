package com.veritrace.portal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal's words, over all its message files (one per area, as the application's
 * {@code spring.messages.basename} lists them): both languages have every key, no key is
 * defined in two files (the first would silently win, as the scan page's
 * {@code product.gtin} once did), every key a template names exists, and the messages
 * follow MessageFormat (no straight apostrophe).
 */
class PortalMessagesTests {

	static final Path MESSAGES = Path.of("../merchant-portal/src/main/resources/messages");

	static final Path TEMPLATES = Path.of("../merchant-portal/src/main/resources/templates/portal");

	static final List<String> FILES = List.of("portal", "portal-catalog", "portal-codes", "portal-access",
			"portal-events", "portal-notify", "portal-recalls", "portal-review", "portal-dashboards", "portal-alerts",
			"portal-distributors", "portal-media");

	static final Pattern KEY = Pattern.compile("#\\{([a-zA-Z0-9.\\-]+)[}(]");

	@Test
	void bothLanguagesHaveTheSameKeys() throws IOException {
		for (String file : FILES) {
			assertThat(load(MESSAGES.resolve(file + "_zh_CN.properties")).stringPropertyNames()).as(file)
				.isEqualTo(load(MESSAGES.resolve(file + ".properties")).stringPropertyNames());
		}
	}

	@Test
	void noKeyIsDefinedTwice() throws IOException {
		Map<String, String> owner = new TreeMap<>();
		Set<String> twice = new TreeSet<>();
		for (String file : Stream.concat(FILES.stream(), Stream.of("h5")).toList()) {
			Path path = file.equals("h5") ? Path.of("../consumer-h5/src/main/resources/messages/h5.properties")
					: MESSAGES.resolve(file + ".properties");
			for (String key : load(path).stringPropertyNames()) {
				String first = owner.putIfAbsent(key, file);
				if (first != null) {
					twice.add(key + " in " + first + " and " + file);
				}
			}
		}
		assertThat(twice).isEmpty();
	}

	@Test
	void everyKeyATemplateNamesExists() throws IOException {
		Properties all = all();
		Set<String> missing = new TreeSet<>();
		List<Path> templates;
		try (Stream<Path> files = Files.walk(TEMPLATES)) {
			templates = files.filter(p -> p.toString().endsWith(".html")).toList();
		}
		assertThat(templates).hasSizeGreaterThan(20);
		for (Path template : templates) {
			Matcher m = KEY.matcher(Files.readString(template));
			while (m.find()) {
				if (!all.containsKey(m.group(1))) {
					missing.add(TEMPLATES.relativize(template) + ": " + m.group(1));
				}
			}
		}
		assertThat(missing).isEmpty();
		// keys built from enums and scopes
		for (String key : new String[] { "grant.right.EVENTS", "grant.right.REPORTS.hint", "scope.keys:manage",
				"scope.events:write", "integrity.kind.LEDGER_MISMATCH", "role.VIEWER", "kind.LAB" }) {
			assertThat(all).containsKey(key);
		}
		List<String> enumKeys = new java.util.ArrayList<>();
		for (com.veritrace.recall.RecallReason reason : com.veritrace.recall.RecallReason.values()) {
			enumKeys.add("recalls.reason." + reason);
		}
		for (com.veritrace.recall.RecallClass recallClass : com.veritrace.recall.RecallClass.values()) {
			enumKeys.add("recalls.class." + recallClass + ".name");
			enumKeys.add("recalls.class." + recallClass + ".hint");
		}
		for (com.veritrace.recall.RecallStatus status : com.veritrace.recall.RecallStatus.values()) {
			enumKeys.add("recalls.status." + status);
			enumKeys.add("audit.recall." + (status == com.veritrace.recall.RecallStatus.ISSUED ? "issued"
					: status.name().toLowerCase(java.util.Locale.ROOT)));
		}
		for (com.veritrace.issuance.CodeStatus status : com.veritrace.issuance.CodeStatus.values()) {
			enumKeys.add("regulator.code." + status);
		}
		for (RegulatorPagesController.By by : RegulatorPagesController.By.values()) {
			enumKeys.add("regulator.search.by." + by);
		}
		assertThat(all.stringPropertyNames()).containsAll(enumKeys);
	}

	@Test
	void noStraightApostrophes() throws IOException {
		for (String file : FILES) {
			for (String name : new String[] { file + ".properties", file + "_zh_CN.properties" }) {
				load(MESSAGES.resolve(name))
					.forEach((key, value) -> assertThat((String) value).as(name + " " + key).doesNotContain("'"));
			}
		}
	}

	private static Properties all() throws IOException {
		Properties all = new Properties();
		for (String file : FILES) {
			all.putAll(load(MESSAGES.resolve(file + ".properties")));
		}
		return all;
	}

	private static Properties load(Path path) throws IOException {
		Properties properties = new Properties();
		try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
			properties.load(in);
		}
		return properties;
	}

}
