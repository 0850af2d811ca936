package com.veritrace.inspection;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.codes.AiElement;
import com.veritrace.codes.Gtin;
import com.veritrace.codes.InvalidCodeException;
import com.veritrace.inspection.ReportMetadata.Sample;
import com.veritrace.inspection.ReportMetadata.Signer;
import com.veritrace.inspection.ReportMetadata.TestResult;

/**
 * Reads and validates a report's metadata (JSON) and lists <em>every</em> problem found,
 * each with its field path ({@code metadata.tests[1].outcome}). Unknown members are
 * refused (a typo such as {@code verdikt} must not pass silently); duplicate members are
 * refused. Plain Java; thread-safe.
 */
public final class ReportMetadataReader {

	/** Report numbers: 1 to 64 characters, letters, digits and {@code . _ / -}. */
	static final Pattern REPORT_NUMBER = Pattern.compile("[A-Za-z0-9._/\\-]{1,64}");

	private static final Pattern REPORT_ID = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private static final Set<String> MEMBERS = Set.of("reportNumber", "gtin", "lotNumber", "serials", "sample", "tests",
			"verdict", "conditions", "issuedOn", "validUntil", "signer", "supersedes");

	private static final Set<String> SAMPLE_MEMBERS = Set.of("description", "quantity", "sampledOn", "sampledBy");

	private static final Set<String> TEST_MEMBERS = Set.of("name", "method", "result", "unit", "limit", "outcome",
			"key");

	private static final Set<String> SIGNER_MEMBERS = Set.of("name", "title");

	private static final int MAX_TESTS = 500;

	private static final int MAX_SERIALS = 1000;

	private static final int MAX_TEXT = 500;

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private final String prefix;

	/** Field paths start with {@code metadata}, the name of the multipart part. */
	public ReportMetadataReader() {
		this("metadata");
	}

	public ReportMetadataReader(String prefix) {
		this.prefix = prefix;
	}

	/**
	 * @param today the issue date may not be after it (the lab's and the service's clocks
	 * may differ by a day: one day of slack is allowed)
	 * @throws InvalidReportException listing every problem
	 */
	public ReportMetadata read(byte[] json, LocalDate today) {
		JsonNode root;
		try {
			root = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidReportException(List
				.of(new ReportProblem(this.prefix, "is not valid JSON: " + firstLine(ex.getOriginalMessage()))));
		}
		return read(root, today);
	}

	/**
	 * As {@link #read(byte[], LocalDate)}, for metadata already parsed (e.g. from a lab
	 * system's answer).
	 */
	public ReportMetadata read(@Nullable JsonNode root, LocalDate today) {
		if (root == null || !root.isObject()) {
			throw new InvalidReportException(List.of(new ReportProblem(this.prefix, "must be a JSON object")));
		}
		Check c = new Check(this.prefix);
		c.unknownMembers(root, "", MEMBERS);
		String reportNumber = c.text(root, "reportNumber", true, 64);
		if (reportNumber != null && !REPORT_NUMBER.matcher(reportNumber).matches()) {
			c.fail("reportNumber", "must be 1 to 64 letters, digits or . _ / -");
		}
		String gtin = c.text(root, "gtin", true, 14);
		if (gtin != null) {
			try {
				gtin = Gtin.parse(gtin).value();
			}
			catch (InvalidCodeException ex) {
				c.fail("gtin", ex.getMessage());
			}
		}
		String lotNumber = c.text(root, "lotNumber", true, 20);
		if (lotNumber != null && !AiElement.isValid("10", lotNumber)) {
			c.fail("lotNumber", "must be 1 to 20 characters of the GS1 character set 82 (GS1 AI 10)");
		}
		List<String> serials = serials(root, c);
		Sample sample = sample(root, c);
		List<TestResult> tests = tests(root, c);
		Verdict verdict = null;
		String verdictText = c.text(root, "verdict", true, 16);
		if (verdictText != null) {
			try {
				verdict = Verdict.fromName(verdictText);
			}
			catch (IllegalArgumentException ex) {
				c.fail("verdict", ex.getMessage());
			}
		}
		String conditions = c.text(root, "conditions", false, 2000);
		if (verdict == Verdict.CONDITIONAL && conditions == null) {
			c.fail("conditions", "is required when the verdict is CONDITIONAL: say under which conditions");
		}
		if (verdict == Verdict.PASS) {
			for (int i = 0; i < tests.size(); i++) {
				if (tests.get(i).outcome() == Verdict.FAIL) {
					c.fail("verdict",
							"PASS contradicts the failed test tests[" + i + "] '" + tests.get(i).name() + "'");
				}
			}
		}
		LocalDate issuedOn = c.date(root, "issuedOn", true);
		if (issuedOn != null && issuedOn.isAfter(today.plusDays(1))) {
			c.fail("issuedOn", "must not be in the future (was " + issuedOn + ")");
		}
		LocalDate validUntil = c.date(root, "validUntil", false);
		if (issuedOn != null && validUntil != null && validUntil.isBefore(issuedOn)) {
			c.fail("validUntil", "must not be before issuedOn " + issuedOn);
		}
		Signer signer = signer(root, c);
		String supersedes = c.text(root, "supersedes", false, 36);
		if (supersedes != null && !REPORT_ID.matcher(supersedes).matches()) {
			c.fail("supersedes", "must be the id of an earlier report (a lowercase UUID)");
		}
		if (!c.problems.isEmpty()) {
			throw new InvalidReportException(c.problems);
		}
		return new ReportMetadata(reportNumber, gtin, lotNumber, serials, sample, tests, verdict, conditions, issuedOn,
				validUntil, signer, supersedes);
	}

	private static List<String> serials(JsonNode root, Check c) {
		JsonNode node = root.get("serials");
		List<String> serials = new ArrayList<>();
		if (node == null || node.isNull()) {
			return serials;
		}
		if (!node.isArray()) {
			c.fail("serials", "must be a list of serial numbers (GS1 AI 21)");
			return serials;
		}
		if (node.size() > MAX_SERIALS) {
			c.fail("serials", "must name at most " + MAX_SERIALS + " items");
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < node.size(); i++) {
			JsonNode s = node.get(i);
			if (!s.isString() || !AiElement.isValid("21", s.asString())) {
				c.fail("serials[" + i + "]", "must be 1 to 20 characters of the GS1 character set 82 (GS1 AI 21)");
			}
			else if (!seen.add(s.asString())) {
				c.fail("serials[" + i + "]", "repeats serial " + s.asString());
			}
			else {
				serials.add(s.asString());
			}
		}
		return serials;
	}

	private static Sample sample(JsonNode root, Check c) {
		JsonNode node = c.object(root, "sample", true);
		if (node == null) {
			return null;
		}
		c.unknownMembers(node, "sample.", SAMPLE_MEMBERS);
		return new Sample(c.text(node, "sample.", "description", true, MAX_TEXT),
				c.text(node, "sample.", "quantity", false, 100), c.date(node, "sample.", "sampledOn", false),
				c.text(node, "sample.", "sampledBy", false, 200));
	}

	private static List<TestResult> tests(JsonNode root, Check c) {
		JsonNode node = root.get("tests");
		List<TestResult> tests = new ArrayList<>();
		if (node == null || node.isNull()) {
			c.fail("tests", "is required: at least one test with its result");
			return tests;
		}
		if (!node.isArray() || node.isEmpty()) {
			c.fail("tests", "must be a non-empty list of tests");
			return tests;
		}
		if (node.size() > MAX_TESTS) {
			c.fail("tests", "must list at most " + MAX_TESTS + " tests");
			return tests;
		}
		for (int i = 0; i < node.size(); i++) {
			String at = "tests[" + i + "].";
			JsonNode t = node.get(i);
			if (!t.isObject()) {
				c.fail("tests[" + i + "]", "must be an object");
				continue;
			}
			c.unknownMembers(t, at, TEST_MEMBERS);
			String name = c.text(t, at, "name", true, 200);
			String method = c.text(t, at, "method", false, 200);
			String result = c.text(t, at, "result", true, 200);
			String unit = c.text(t, at, "unit", false, 50);
			String limit = c.text(t, at, "limit", false, 200);
			String outcomeText = c.text(t, at, "outcome", true, 16);
			Verdict outcome = null;
			if (outcomeText != null) {
				try {
					outcome = Verdict.fromName(outcomeText);
					if (outcome == Verdict.CONDITIONAL) {
						c.fail(at + "outcome", "a single test either passes or fails: PASS or FAIL");
					}
				}
				catch (IllegalArgumentException ex) {
					c.fail(at + "outcome", "must be PASS or FAIL");
				}
			}
			boolean key = false;
			JsonNode k = t.get("key");
			if (k != null && !k.isNull()) {
				if (k.isBoolean()) {
					key = k.booleanValue();
				}
				else {
					c.fail(at + "key", "must be true or false");
				}
			}
			tests.add(new TestResult(name, method, result, unit, limit, outcome, key));
		}
		return tests;
	}

	private static Signer signer(JsonNode root, Check c) {
		JsonNode node = c.object(root, "signer", true);
		if (node == null) {
			return null;
		}
		c.unknownMembers(node, "signer.", SIGNER_MEMBERS);
		return new Signer(c.text(node, "signer.", "name", true, 200), c.text(node, "signer.", "title", false, 200));
	}

	private static String firstLine(@Nullable String message) {
		if (message == null) {
			return "unreadable";
		}
		int cut = message.indexOf('\n');
		return cut > 0 ? message.substring(0, cut) : message;
	}

	/** Collects problems with their full field paths. */
	private static final class Check {

		final String prefix;

		final List<ReportProblem> problems = new ArrayList<>();

		Check(String prefix) {
			this.prefix = prefix;
		}

		void fail(String field, String reason) {
			this.problems.add(new ReportProblem(this.prefix + "." + field, reason));
		}

		void unknownMembers(JsonNode node, String at, Set<String> known) {
			for (Map.Entry<String, JsonNode> member : node.properties()) {
				if (!known.contains(member.getKey())) {
					fail(at + member.getKey(),
							"is not a report member; known members: " + known.stream().sorted().toList());
				}
			}
		}

		@Nullable JsonNode object(JsonNode node, String name, boolean required) {
			JsonNode value = node.get(name);
			if (value == null || value.isNull()) {
				if (required) {
					fail(name, "is required");
				}
				return null;
			}
			if (!value.isObject()) {
				fail(name, "must be an object");
				return null;
			}
			return value;
		}

		@Nullable String text(JsonNode node, String name, boolean required, int max) {
			return text(node, "", name, required, max);
		}

		@Nullable String text(JsonNode node, String at, String name, boolean required, int max) {
			JsonNode value = node.get(name);
			if (value == null || value.isNull() || (value.isString() && value.asString().isBlank())) {
				if (required) {
					fail(at + name, "is required");
				}
				return null;
			}
			if (!value.isString()) {
				fail(at + name, "must be a string");
				return null;
			}
			String text = value.asString().strip();
			if (text.length() > max) {
				fail(at + name, "must be at most " + max + " characters");
				return null;
			}
			return text;
		}

		@Nullable LocalDate date(JsonNode node, String name, boolean required) {
			return date(node, "", name, required);
		}

		@Nullable LocalDate date(JsonNode node, String at, String name, boolean required) {
			String text = text(node, at, name, required, 40);
			if (text == null) {
				return null;
			}
			try {
				return LocalDate.parse(text);
			}
			catch (DateTimeParseException ex) {
				fail(at + name, "must be a date as YYYY-MM-DD, was '" + text + "'");
				return null;
			}
		}

	}

}
