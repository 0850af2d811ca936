package com.veritrace.scan;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.veritrace.analytics.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer page's languages stay in step: both have the same keys, every key a
 * template or the verdict rules use exists, and no template shows a hard-coded sentence.
 */
class MessagesTests {

	static final Path TEMPLATES = Path.of("..", "consumer-h5", "src", "main", "resources", "templates", "h5");

	@Test
	void englishAndChineseHaveTheSameKeys() throws Exception {
		assertThat(load("messages/h5_zh_CN.properties").stringPropertyNames())
			.isEqualTo(load("messages/h5.properties").stringPropertyNames());
	}

	@Test
	void originMediaMessagesHaveTheSameKeysInBothLanguages() throws Exception {
		assertThat(load("messages/h5-media_zh_CN.properties").stringPropertyNames())
			.isEqualTo(load("messages/h5-media.properties").stringPropertyNames());
	}

	@Test
	void everyKeyThePagesAndRulesUseExists() throws Exception {
		Set<String> keys = new TreeSet<>(load("messages/h5.properties").stringPropertyNames());
		// origin media (issue 21 item 1) keep their messages in a file of their own
		keys.addAll(load("messages/h5-media.properties").stringPropertyNames());
		Set<String> used = new TreeSet<>();
		Pattern key = Pattern.compile("#\\{([a-z0-9.-]+)[}(]");
		try (Stream<Path> files = Files.list(TEMPLATES)) {
			for (Path file : files.toList()) {
				Matcher m = key.matcher(Files.readString(file));
				while (m.find()) {
					used.add(m.group(1));
				}
			}
		}
		for (Verdict verdict : Verdict.values()) {
			used.add("verdict." + verdict.name());
		}
		Pattern reasons = Pattern.compile("\"(reason\\.[a-z-]+)\"");
		for (Path source : new Path[] {
				Path.of("..", "analytics", "src", "main", "java", "com", "veritrace", "analytics", "VerdictRules.java"),
				Path.of("src", "main", "java", "com", "veritrace", "scan", "ScanService.java"),
				Path.of("src", "main", "java", "com", "veritrace", "scan", "CodePages.java") }) {
			Matcher m = reasons.matcher(Files.readString(source));
			while (m.find()) {
				used.add(m.group(1));
			}
		}
		assertThat(used).hasSizeGreaterThan(20);
		assertThat(keys).containsAll(used);
	}

	@Test
	void templatesHaveNoHardCodedText() throws Exception {
		// text between tags must come from th:text (the literal is only the designer's
		// placeholder)
		Pattern literal = Pattern
			.compile("<(h1|h2|p|dt|a|span|div|strong|li|title)(\\s[^>]*)?>([^<]*[A-Za-z]{3,}[^<]*)</\\1>");
		try (Stream<Path> files = Files.list(TEMPLATES)) {
			for (Path file : files.toList()) {
				Matcher m = literal.matcher(Files.readString(file));
				while (m.find()) {
					String attributes = m.group(2) == null ? "" : m.group(2);
					boolean replaced = attributes.contains("th:text") || attributes.contains("th:utext");
					assertThat(replaced || m.group(3).equals("Veritrace"))
						.as(file.getFileName() + " has hard-coded text: " + m.group())
						.isTrue();
				}
			}
		}
	}

	private static Properties load(String resource) throws Exception {
		Path file = Path.of("..", "consumer-h5", "src", "main", "resources", resource);
		Properties properties = new Properties();
		try (InputStream in = Files.newInputStream(file)) {
			properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}

}
