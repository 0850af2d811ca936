package com.veritrace.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access pages' words: both languages have every key, every key a template names
 * exists, and the messages follow MessageFormat (no straight apostrophe).
 */
class AccessMessagesTests {

	static final String[] TEMPLATES = { "partners", "keys", "organisations", "organisation", "integrity" };

	static final Pattern KEY = Pattern.compile("#\\{([a-zA-Z0-9.\\-]+)[}(]");

	@Test
	void bothLanguagesHaveTheSameKeys() throws IOException {
		assertThat(load("messages/portal-access_zh_CN.properties").stringPropertyNames())
			.isEqualTo(load("messages/portal-access.properties").stringPropertyNames());
	}

	@Test
	void everyKeyATemplateNamesExists() throws IOException {
		Properties all = new Properties();
		all.putAll(load("messages/portal.properties"));
		all.putAll(load("messages/portal-access.properties"));
		Set<String> missing = new TreeSet<>();
		for (String name : TEMPLATES) {
			String html = text("templates/portal/access/" + name + ".html");
			Matcher m = KEY.matcher(html);
			while (m.find()) {
				if (!all.containsKey(m.group(1))) {
					missing.add(name + ": " + m.group(1));
				}
			}
		}
		assertThat(missing).isEmpty();
		// the keys built from enums and scopes
		for (String key : new String[] { "grant.right.EVENTS", "grant.right.REPORTS.hint", "scope.keys:manage",
				"scope.events:write", "integrity.kind.LEDGER_MISMATCH" }) {
			assertThat(all).containsKey(key);
		}
	}

	@Test
	void noStraightApostrophes() throws IOException {
		for (String file : new String[] { "messages/portal-access.properties",
				"messages/portal-access_zh_CN.properties" }) {
			load(file).forEach((key, value) -> assertThat((String) value).as(file + " " + key).doesNotContain("'"));
		}
	}

	private static Properties load(String path) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = AccessMessagesTests.class.getClassLoader().getResourceAsStream(path)) {
			assertThat(in).as(path).isNotNull();
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}

	private static String text(String path) throws IOException {
		try (InputStream in = AccessMessagesTests.class.getClassLoader().getResourceAsStream(path)) {
			assertThat(in).as(path).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
