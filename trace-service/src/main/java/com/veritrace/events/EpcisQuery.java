package com.veritrace.events;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import com.veritrace.ingest.Cbv;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;

/**
 * An EPCIS 2.0 {@code SimpleEventQuery}, parsed and typed: immutable, independent of who
 * runs it and of paging, so that the REST query, named queries and subscriptions can all
 * run the same object ({@link EpcisQueryService#run}). {@link #parse(Map)} reads the
 * standard query parameters (EPCIS 2.0 section 8.2.7.1; the GS1 REST binding's
 * {@code GET /events}); every unknown or malformed parameter is reported at once as a
 * {@code QueryParameterException}.
 * <p>
 * Each {@link Criterion} decides on a stored event ({@link #test}); the service also
 * turns the criteria on stored columns and on the identifier index into SQL, so Java only
 * re-checks rows SQL already narrowed.
 */
public record EpcisQuery(List<Criterion> criteria, Order order, @Nullable Integer eventCountLimit,
		@Nullable Integer maxEventCount, String fingerprint) {

	/** The problem type of a bad parameter, as the GS1 REST binding names it. */
	public static final String PARAMETER_PROBLEM = "epcisException:QueryParameterException";

	public EpcisQuery {
		criteria = List.copyOf(criteria);
	}

	/** Fields results may be ordered by. */
	public enum OrderField {

		EVENT_TIME, RECORD_TIME

	}

	/** The order of results; without {@code orderBy}: event time, ascending. */
	public record Order(OrderField field, boolean ascending) {
	}

	/** One condition an event must meet. */
	public sealed interface Criterion permits EventTypes, TimeBound, ColumnIn, EpcMatch, JsonCriterion {

		boolean test(StoredEvent row, JsonNode event);

	}

	/** {@code eventType}. */
	public record EventTypes(Set<String> types) implements Criterion {

		@Override
		public boolean test(StoredEvent row, JsonNode event) {
			return this.types.contains(row.eventType());
		}

	}

	/** {@code GE_/LT_eventTime}, {@code GE_/LT_recordTime}. */
	public record TimeBound(OrderField field, boolean lowerBound, long epochMs) implements Criterion {

		@Override
		public boolean test(StoredEvent row, JsonNode event) {
			long t = (this.field == OrderField.EVENT_TIME ? row.eventTime() : row.recordTime()).toEpochMilli();
			return this.lowerBound ? t >= this.epochMs : t < this.epochMs;
		}

	}

	/** Columns of {@code trace_event} an equality filter reads. */
	public enum Column {

		ACTION("action"), BIZ_STEP("biz_step"), DISPOSITION("disposition"), READ_POINT("read_point"),
		BIZ_LOCATION("biz_location"), EVENT_ID("event_id");

		final String sql;

		Column(String sql) {
			this.sql = sql;
		}

	}

	/**
	 * A stored column equal to one of the values ({@code EQ_eventID} also takes hash
	 * IDs).
	 */
	public record ColumnIn(Column column, Set<String> values) implements Criterion {

		@Override
		public boolean test(StoredEvent row, JsonNode event) {
			String v = switch (this.column) {
				case ACTION -> row.action();
				case BIZ_STEP -> row.bizStep();
				case DISPOSITION -> row.disposition();
				case READ_POINT -> row.readPoint();
				case BIZ_LOCATION -> row.bizLocation();
				case EVENT_ID -> row.eventId();
			};
			return v != null && this.values.contains(v)
					|| this.column == Column.EVENT_ID && this.values.contains(row.eventHash());
		}

	}

	/** {@code MATCH_*}: an identifier in one of the roles matches one of the patterns. */
	public record EpcMatch(Set<EpcKeys.Role> roles, List<EpcPattern> patterns) implements Criterion {

		@Override
		public boolean test(StoredEvent row, JsonNode event) {
			for (EpcKeys.Role role : this.roles) {
				for (String value : EpcKeys.values(event, role)) {
					String key = EpcKeys.key(value);
					if (this.patterns.stream().anyMatch(p -> p.matches(key))) {
						return true;
					}
				}
			}
			return false;
		}

	}

	/**
	 * A condition only Java evaluates, on the event's JSON (sensor data, error
	 * declarations, extension fields, ...).
	 */
	public record JsonCriterion(String parameter, Predicate<JsonNode> predicate) implements Criterion {

		@Override
		public boolean test(StoredEvent row, JsonNode event) {
			return this.predicate.test(event);
		}

	}

	/** Whether an event meets every criterion. */
	public boolean test(StoredEvent row, JsonNode event) {
		for (Criterion c : this.criteria) {
			if (!c.test(row, event)) {
				return false;
			}
		}
		return true;
	}

	/** Whether some criterion is evaluated in Java only (SQL gives a superset). */
	public boolean javaOnly() {
		return this.criteria.stream().anyMatch(c -> c instanceof JsonCriterion);
	}

	// ---------------------------------------------------------------- parsing

	private static final Set<String> EVENT_TYPES = Set.of("ObjectEvent", "AggregationEvent", "TransactionEvent",
			"TransformationEvent", "AssociationEvent");

	private static final Pattern EXTENSION = Pattern.compile(
			"(EQ|GT|GE|LT|LE|EXISTS)_(INNER_)?(ILMD_|ERROR_DECLARATION_|SENSORELEMENT_|SENSORMETADATA_|SENSORREPORT_|readPoint_|bizLocation_)?"
					+ "([A-Za-z][\\w.\\-]*:[\\w.\\-]+)");

	private static final Pattern SENSOR_VALUE = Pattern
		.compile("(EQ|GT|GE|LT|LE)_(value|minValue|maxValue|meanValue|sDev|percValue)_([A-Z0-9]{2,4})");

	private static final Pattern QUANTITY = Pattern.compile("(EQ|GT|GE|LT|LE)_quantity(?:_([A-Z0-9]{2,4}))?");

	private static final Pattern PERC_RANK = Pattern.compile("(GT|GE|LT|LE)_percRank");

	private static final Pattern BIZ_TRANSACTION = Pattern.compile("EQ_bizTransaction_([A-Za-z][\\w]*)");

	private static final Pattern SOURCE_DESTINATION = Pattern.compile("EQ_(source|destination)_([A-Za-z][\\w]*)");

	private static final Map<String, String> SENSOR_REPORT_TEXT = Map.of("EQ_microorganism", "microorganism",
			"EQ_chemicalSubstance", "chemicalSubstance", "EQ_stringValue", "stringValue", "EQ_uriValue", "uriValue");

	/**
	 * Parses the query parameters (each with all its values; a value may hold several
	 * separated by {@code |}). {@code perPage} and {@code nextPageToken} are the caller's
	 * to remove first.
	 * @throws InvalidException {@link #PARAMETER_PROBLEM} naming every bad parameter
	 */
	public static EpcisQuery parse(Map<String, List<String>> parameters) {
		return new Parser(parameters).parse();
	}

	private static final class Parser {

		private final Map<String, List<String>> parameters;

		private final List<FieldProblem> errors = new ArrayList<>();

		private final List<Criterion> criteria = new ArrayList<>();

		private final List<BiPredicate<JsonNode, JsonNode>> sensorConditions = new ArrayList<>();

		private final List<Predicate<JsonNode>> quantityConditions = new ArrayList<>();

		Parser(Map<String, List<String>> parameters) {
			this.parameters = new TreeMap<>(parameters);
		}

		EpcisQuery parse() {
			OrderField orderBy = null;
			boolean ascending = false;
			boolean directionGiven = false;
			Integer eventCountLimit = null;
			Integer maxEventCount = null;
			for (Map.Entry<String, List<String>> p : this.parameters.entrySet()) {
				String name = p.getKey();
				List<String> values = split(p.getValue());
				if (values.isEmpty() && !name.startsWith("EXISTS_")) {
					error(name, "needs a value");
					continue;
				}
				try {
					switch (name) {
						case "eventType" -> {
							for (String t : values) {
								if (!EVENT_TYPES.contains(t) && !isUri(t)) {
									throw new IllegalArgumentException("'" + t
											+ "' is neither an EPCIS event type nor the URI of an extension type");
								}
							}
							this.criteria.add(new EventTypes(Set.copyOf(values)));
						}
						case "GE_eventTime", "LT_eventTime", "GE_recordTime",
								"LT_recordTime" ->
							this.criteria.add(new TimeBound(
									name.endsWith("eventTime") ? OrderField.EVENT_TIME : OrderField.RECORD_TIME,
									name.startsWith("GE_"), time(one(values))));
						case "EQ_action" -> {
							for (String a : values) {
								if (!Set.of("ADD", "OBSERVE", "DELETE").contains(a)) {
									throw new IllegalArgumentException("'" + a + "' is not ADD, OBSERVE or DELETE");
								}
							}
							this.criteria.add(new ColumnIn(Column.ACTION, Set.copyOf(values)));
						}
						case "EQ_bizStep" ->
							this.criteria.add(new ColumnIn(Column.BIZ_STEP, canonical(values, Cbv.BIZ_STEP)));
						case "EQ_disposition" ->
							this.criteria.add(new ColumnIn(Column.DISPOSITION, canonical(values, Cbv.DISPOSITION)));
						case "EQ_readPoint", "WD_readPoint" ->
							this.criteria.add(new ColumnIn(Column.READ_POINT, uris(values)));
						case "EQ_bizLocation", "WD_bizLocation" ->
							this.criteria.add(new ColumnIn(Column.BIZ_LOCATION, uris(values)));
						case "EQ_eventID" -> this.criteria.add(new ColumnIn(Column.EVENT_ID, Set.copyOf(values)));
						case "EQ_persistentDisposition_set", "EQ_persistentDisposition_unset" -> {
							Set<String> wanted = canonical(values, Cbv.DISPOSITION);
							String member = name.endsWith("_set") ? "set" : "unset";
							json(name, e -> anyText(path(e, "persistentDisposition", member),
									v -> wanted.contains(Cbv.DISPOSITION.canonical(v))));
						}
						case "EQ_transformationID" -> {
							Set<String> wanted = Set.copyOf(values);
							json(name, e -> e.path("transformationID").isString()
									&& wanted.contains(e.path("transformationID").asString()));
						}
						case "MATCH_epc" -> epcs(name, values, EnumSet.of(EpcKeys.Role.EPC), false);
						case "MATCH_parentID" -> epcs(name, values, EnumSet.of(EpcKeys.Role.PARENT), false);
						case "MATCH_inputEPC" -> epcs(name, values, EnumSet.of(EpcKeys.Role.INPUT), false);
						case "MATCH_outputEPC" -> epcs(name, values, EnumSet.of(EpcKeys.Role.OUTPUT), false);
						case "MATCH_anyEPC" -> epcs(name, values, EnumSet.of(EpcKeys.Role.EPC, EpcKeys.Role.PARENT,
								EpcKeys.Role.INPUT, EpcKeys.Role.OUTPUT), false);
						case "MATCH_epcClass" -> epcs(name, values, EnumSet.of(EpcKeys.Role.CLASS), true);
						case "MATCH_inputEPCClass" -> epcs(name, values, EnumSet.of(EpcKeys.Role.INPUT_CLASS), true);
						case "MATCH_outputEPCClass" -> epcs(name, values, EnumSet.of(EpcKeys.Role.OUTPUT_CLASS), true);
						case "MATCH_anyEPCClass" -> epcs(name, values,
								EnumSet.of(EpcKeys.Role.CLASS, EpcKeys.Role.INPUT_CLASS, EpcKeys.Role.OUTPUT_CLASS),
								true);
						case "EXISTS_errorDeclaration" -> {
							if (bool(values)) {
								json(name, e -> e.path("errorDeclaration").isObject());
							}
						}
						case "GE_errorDeclarationTime", "LT_errorDeclarationTime", "GE_errorDeclaration_Time",
								"LT_errorDeclaration_Time" -> {
							long t = time(one(values));
							boolean ge = name.startsWith("GE_");
							json(name, e -> {
								Long declared = timeOf(path(e, "errorDeclaration", "declarationTime"));
								return declared != null && (ge ? declared >= t : declared < t);
							});
						}
						case "EQ_errorReason" -> {
							Set<String> wanted = canonical(values, Cbv.ERROR_REASON);
							json(name, e -> anyText(path(e, "errorDeclaration", "reason"),
									v -> wanted.contains(Cbv.ERROR_REASON.canonical(v))));
						}
						case "EQ_correctiveEventID" -> {
							Set<String> wanted = Set.copyOf(values);
							json(name,
									e -> anyText(path(e, "errorDeclaration", "correctiveEventIDs"), wanted::contains));
						}
						case "orderBy" -> orderBy = switch (one(values)) {
							case "eventTime" -> OrderField.EVENT_TIME;
							case "recordTime" -> OrderField.RECORD_TIME;
							default -> throw new IllegalArgumentException(
									"ordering is by eventTime or recordTime (ordering by an extension field is not supported)");
						};
						case "orderDirection" -> {
							directionGiven = true;
							ascending = switch (one(values)) {
								case "ASC" -> true;
								case "DESC" -> false;
								default -> throw new IllegalArgumentException("must be ASC or DESC");
							};
						}
						case "eventCountLimit" -> eventCountLimit = positive(one(values));
						case "maxEventCount" -> maxEventCount = positive(one(values));
						default -> other(name, values);
					}
				}
				catch (IllegalArgumentException ex) {
					error(name, ex.getMessage());
				}
			}
			if (eventCountLimit != null && maxEventCount != null) {
				error("eventCountLimit", "eventCountLimit and maxEventCount are mutually exclusive");
			}
			if (eventCountLimit != null && orderBy == null) {
				error("eventCountLimit", "eventCountLimit needs orderBy");
			}
			if (directionGiven && orderBy == null) {
				error("orderDirection", "orderDirection needs orderBy");
			}
			if (!this.sensorConditions.isEmpty()) {
				List<BiPredicate<JsonNode, JsonNode>> conditions = List.copyOf(this.sensorConditions);
				json("sensor filters", e -> sensorMatch(e, conditions));
			}
			if (!this.quantityConditions.isEmpty()) {
				List<Predicate<JsonNode>> conditions = List.copyOf(this.quantityConditions);
				json("quantity filters", e -> quantityMatch(e, conditions));
			}
			if (!this.errors.isEmpty()) {
				throw InvalidException.of(PARAMETER_PROBLEM, "Query parameter exception", this.errors);
			}
			Order order = orderBy == null ? new Order(OrderField.EVENT_TIME, true) : new Order(orderBy, ascending);
			return new EpcisQuery(this.criteria, order, eventCountLimit, maxEventCount, fingerprint());
		}

		/** Parameters with names of a pattern: sensor, quantity, extensions. */
		private void other(String name, List<String> values) {
			Matcher m;
			if ((m = QUANTITY.matcher(name)).matches()) {
				String op = m.group(1);
				String uom = m.group(2);
				BigDecimal wanted = number(one(values));
				this.quantityConditions.add(q -> {
					BigDecimal quantity = numberOf(q.get("quantity"));
					return quantity != null && compare(op, quantity.compareTo(wanted))
							&& (uom == null || uom.equals(q.path("uom").asString(null)));
				});
			}
			else if ((m = SENSOR_VALUE.matcher(name)).matches()) {
				String op = m.group(1);
				String field = m.group(2);
				String uom = m.group(3);
				BigDecimal wanted = number(one(values));
				this.sensorConditions.add((meta, report) -> {
					BigDecimal value = numberOf(report.get(field));
					return value != null && uom.equals(report.path("uom").asString(null))
							&& compare(op, value.compareTo(wanted));
				});
			}
			else if ((m = PERC_RANK.matcher(name)).matches()) {
				String op = m.group(1);
				BigDecimal wanted = number(one(values));
				this.sensorConditions.add((meta, report) -> {
					BigDecimal value = numberOf(report.get("percRank"));
					return value != null && compare(op, value.compareTo(wanted));
				});
			}
			else if (SENSOR_REPORT_TEXT.containsKey(name)) {
				String field = SENSOR_REPORT_TEXT.get(name);
				Set<String> wanted = Set.copyOf(values);
				this.sensorConditions.add((meta, report) -> has(wanted, report.path(field)));
			}
			else if (name.equals("EQ_hexBinaryValue")) {
				Set<String> wanted = upper(values);
				this.sensorConditions.add((meta, report) -> report.path("hexBinaryValue").isString()
						&& wanted.contains(report.path("hexBinaryValue").asString().toUpperCase(Locale.ROOT)));
			}
			else if (name.equals("EQ_booleanValue")) {
				boolean wanted = bool(values);
				this.sensorConditions.add((meta, report) -> report.path("booleanValue").isBoolean()
						&& report.path("booleanValue").asBoolean() == wanted);
			}
			else if (name.equals("EQ_type")) {
				Set<String> wanted = new LinkedHashSet<>();
				values.forEach(v -> wanted.add(measurementType(v)));
				this.sensorConditions.add((meta, report) -> report.path("type").isString()
						&& wanted.contains(measurementType(report.path("type").asString())));
			}
			else if (name.equals("EQ_deviceID") || name.equals("EQ_dataProcessingMethod")) {
				String field = name.substring(3);
				Set<String> wanted = Set.copyOf(values);
				this.sensorConditions
					.add((meta, report) -> has(wanted, report.path(field)) || has(wanted, meta.path(field)));
			}
			else if (name.equals("EQ_bizRules")) {
				Set<String> wanted = Set.copyOf(values);
				this.sensorConditions.add((meta, report) -> has(wanted, meta.path("bizRules")));
			}
			else if (Set.of("GE_time", "LT_time", "GE_startTime", "LT_startTime", "GE_endTime", "LT_endTime")
				.contains(name)) {
				long t = time(one(values));
				boolean ge = name.startsWith("GE_");
				String field = name.substring(3);
				this.sensorConditions.add((meta, report) -> {
					Long value = timeOf(meta.get(field));
					if (value == null && field.equals("time")) {
						value = timeOf(report.get("time"));
					}
					return value != null && (ge ? value >= t : value < t);
				});
			}
			else if (name.equals("EXISTS_sensorElementList")) {
				if (bool(values)) {
					json(name, e -> e.path("sensorElementList").isArray() && !e.path("sensorElementList").isEmpty());
				}
			}
			else if ((m = BIZ_TRANSACTION.matcher(name)).matches()) {
				typedList(name, values, "bizTransactionList", "bizTransaction", m.group(1), "BTT-", "btt");
			}
			else if ((m = SOURCE_DESTINATION.matcher(name)).matches()) {
				String kind = m.group(1);
				typedList(name, values, kind + "List", kind, m.group(2), "SDT-", "sdt");
			}
			else if (name.startsWith("HASATTR_") || name.startsWith("EQ_ATTR_")) {
				// master data (vocabulary attributes) is not stored: no event's
				// vocabulary element has attributes
				json(name, e -> false);
			}
			else if ((m = EXTENSION.matcher(name)).matches()) {
				extension(name, m.group(1), m.group(2) != null, m.group(3), m.group(4), values);
			}
			else {
				throw new IllegalArgumentException("unknown query parameter");
			}
		}

		private void typedList(String name, List<String> values, String list, String member, String type,
				String webPrefix, String urnType) {
			Set<String> wanted = new LinkedHashSet<>();
			values.forEach(v -> wanted.add(EpcKeys.key(v)));
			json(name, e -> {
				for (JsonNode entry : e.path(list)) {
					String t = entry.path("type").asString(null);
					if (t != null && bareType(t, webPrefix, urnType).equals(type) && entry.path(member).isString()
							&& wanted.contains(EpcKeys.key(entry.path(member).asString()))) {
						return true;
					}
				}
				return false;
			});
		}

		private void extension(String name, String op, boolean inner, @Nullable String scope, String field,
				List<String> values) {
			Predicate<JsonNode> valueTest;
			if (op.equals("EXISTS")) {
				if (!values.isEmpty() && !bool(values)) {
					return;
				}
				valueTest = v -> true;
			}
			else if (op.equals("EQ")) {
				Set<String> wanted = Set.copyOf(values);
				valueTest = v -> v.isValueNode() && (wanted.contains(v.asString())
						|| v.isNumber() && wanted.stream().anyMatch(w -> sameNumber(v, w)));
			}
			else {
				String bound = one(values);
				BigDecimal number = numberOrNull(bound);
				Long time = number == null ? timeOrNull(bound) : null;
				if (number == null && time == null) {
					throw new IllegalArgumentException("'" + bound + "' is neither a number nor a date-time");
				}
				valueTest = v -> {
					if (number != null) {
						BigDecimal n = numberOf(v);
						return n != null && compare(op, n.compareTo(number));
					}
					Long t = timeOf(v);
					return t != null && compare(op, t.compareTo(time));
				};
			}
			String where = scope == null ? "" : scope.substring(0, scope.length() - 1);
			json(name, e -> {
				for (JsonNode container : containers(e, where)) {
					if (inner ? innerMatch(container, field, valueTest)
							: valuesMatch(container.get(field), valueTest)) {
						return true;
					}
				}
				return false;
			});
		}

		private void epcs(String name, List<String> values, Set<EpcKeys.Role> roles, boolean classes) {
			List<EpcPattern> patterns = new ArrayList<>();
			for (String v : values) {
				patterns.add(classes ? EpcPattern.epcClass(v) : EpcPattern.instance(v));
			}
			this.criteria.add(new EpcMatch(Set.copyOf(roles), patterns));
		}

		private void json(String name, Predicate<JsonNode> predicate) {
			this.criteria.add(new JsonCriterion(name, predicate));
		}

		private void error(String name, String reason) {
			this.errors.add(new FieldProblem(name, reason));
		}

		private String fingerprint() {
			StringBuilder text = new StringBuilder();
			this.parameters.forEach((k, v) -> text.append(k).append('=').append(String.join("|", v)).append('\n'));
			try {
				byte[] digest = MessageDigest.getInstance("SHA-256")
					.digest(text.toString().getBytes(StandardCharsets.UTF_8));
				return HexFormat.of().formatHex(digest, 0, 12);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	// ---------------------------------------------------------------- helpers

	private static List<String> split(List<String> raw) {
		List<String> out = new ArrayList<>();
		for (String value : raw) {
			for (String part : value.split("\\|")) {
				if (!part.isBlank()) {
					out.add(part.strip());
				}
			}
		}
		return out;
	}

	private static boolean has(Set<String> values, JsonNode node) {
		return node.isString() && values.contains(node.asString());
	}

	private static String one(List<String> values) {
		if (values.size() != 1) {
			throw new IllegalArgumentException("takes exactly one value, found " + values.size());
		}
		return values.get(0);
	}

	private static boolean bool(List<String> values) {
		if (values.isEmpty()) {
			return true;
		}
		return switch (one(values)) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new IllegalArgumentException("must be true or false");
		};
	}

	private static int positive(String text) {
		try {
			int n = Integer.parseInt(text);
			if (n >= 1) {
				return n;
			}
		}
		catch (NumberFormatException ex) {
			// below
		}
		throw new IllegalArgumentException("'" + text + "' is not a positive integer");
	}

	private static BigDecimal number(String text) {
		BigDecimal n = numberOrNull(text);
		if (n == null) {
			throw new IllegalArgumentException("'" + text + "' is not a number");
		}
		return n;
	}

	private static @Nullable BigDecimal numberOrNull(String text) {
		try {
			return new BigDecimal(text);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	static long time(String text) {
		Long t = timeOrNull(text);
		if (t == null) {
			throw new IllegalArgumentException(
					"'" + text + "' is not a date-time with a zone offset, e.g. 2026-04-01T00:00:00Z");
		}
		return t;
	}

	private static @Nullable Long timeOrNull(String text) {
		try {
			return OffsetDateTime.parse(text).toInstant().toEpochMilli();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static @Nullable Long timeOf(@Nullable JsonNode node) {
		return node != null && node.isString() ? timeOrNull(node.asString()) : null;
	}

	private static @Nullable BigDecimal numberOf(@Nullable JsonNode node) {
		if (node == null) {
			return null;
		}
		if (node.isNumber()) {
			return node.decimalValue();
		}
		return node.isString() ? numberOrNull(node.asString()) : null;
	}

	private static boolean sameNumber(JsonNode value, String wanted) {
		BigDecimal w = numberOrNull(wanted);
		return w != null && value.decimalValue().compareTo(w) == 0;
	}

	private static boolean compare(String op, int cmp) {
		return switch (op) {
			case "EQ" -> cmp == 0;
			case "GT" -> cmp > 0;
			case "GE" -> cmp >= 0;
			case "LT" -> cmp < 0;
			default -> cmp <= 0;
		};
	}

	private static Set<String> canonical(List<String> values, Cbv vocabulary) {
		Set<String> out = new LinkedHashSet<>();
		values.forEach(v -> out.add(vocabulary.canonical(v)));
		return out;
	}

	/**
	 * Locations as the event store keeps them: a GS1 identifier (SGLN URN, Digital Link)
	 * as its canonical Digital Link, another URI as written.
	 */
	private static Set<String> uris(List<String> values) {
		Set<String> out = new LinkedHashSet<>();
		for (String v : values) {
			if (!isUri(v)) {
				throw new IllegalArgumentException("'" + v + "' is not an absolute URI");
			}
			try {
				out.add(com.veritrace.codes.EpcUris.toEventHashForm(v).orElse(v));
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("'" + v + "' is a malformed EPC URI");
			}
		}
		return out;
	}

	private static boolean isUri(String text) {
		return text.matches("[A-Za-z][A-Za-z0-9+.\\-]*:\\S+");
	}

	private static Set<String> upper(List<String> values) {
		Set<String> out = new LinkedHashSet<>();
		values.forEach(v -> out.add(v.toUpperCase(Locale.ROOT)));
		return out;
	}

	/**
	 * A measurement type as a bare word ({@code gs1:Temperature} -> {@code Temperature}).
	 */
	static String measurementType(String type) {
		for (String prefix : List.of("gs1:", "https://gs1.org/voc/", "http://gs1.org/voc/",
				"https://www.gs1.org/voc/")) {
			if (type.startsWith(prefix)) {
				return type.substring(prefix.length());
			}
		}
		return type;
	}

	/**
	 * A CBV type as a bare word ({@code https://ref.gs1.org/cbv/BTT-po} -> {@code po}).
	 */
	static String bareType(String type, String webPrefix, String urnType) {
		for (String prefix : List.of("https://ref.gs1.org/cbv/" + webPrefix, "cbv:" + webPrefix,
				"urn:epcglobal:cbv:" + urnType + ":")) {
			if (type.startsWith(prefix)) {
				return type.substring(prefix.length());
			}
		}
		return type;
	}

	private static JsonNode path(JsonNode node, String... names) {
		JsonNode at = node;
		for (String name : names) {
			at = at.path(name);
		}
		return at;
	}

	private static boolean anyText(JsonNode node, Predicate<String> test) {
		if (node.isString()) {
			return test.test(node.asString());
		}
		if (node.isArray()) {
			for (JsonNode element : node) {
				if (element.isString() && test.test(element.asString())) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean valuesMatch(@Nullable JsonNode value, Predicate<JsonNode> test) {
		if (value == null || value.isMissingNode() || value.isNull()) {
			return false;
		}
		if (value.isArray()) {
			for (JsonNode element : value) {
				if (test.test(element)) {
					return true;
				}
			}
			return false;
		}
		return test.test(value);
	}

	/** The field anywhere below the container's top-level members. */
	private static boolean innerMatch(JsonNode container, String field, Predicate<JsonNode> test) {
		for (JsonNode member : container) {
			if (member.isContainer() && deepMatch(member, field, test)) {
				return true;
			}
		}
		return false;
	}

	private static boolean deepMatch(JsonNode node, String field, Predicate<JsonNode> test) {
		if (node.isObject() && valuesMatch(node.get(field), test)) {
			return true;
		}
		for (JsonNode child : node) {
			if (child.isContainer() && deepMatch(child, field, test)) {
				return true;
			}
		}
		return false;
	}

	/** Where an extension field of a scope lives in an event. */
	private static List<JsonNode> containers(JsonNode event, String scope) {
		List<JsonNode> out = new ArrayList<>();
		switch (scope) {
			case "" -> out.add(event);
			case "ILMD" -> out.add(event.path("ilmd"));
			case "ERROR_DECLARATION" -> out.add(event.path("errorDeclaration"));
			case "readPoint", "bizLocation" -> out.add(event.path(scope));
			default -> {
				for (JsonNode element : event.path("sensorElementList")) {
					switch (scope) {
						case "SENSORELEMENT" -> out.add(element);
						case "SENSORMETADATA" -> out.add(element.path("sensorMetadata"));
						default -> element.path("sensorReport").forEach(out::add);
					}
				}
			}
		}
		out.removeIf(n -> !n.isObject());
		return out;
	}

	/**
	 * Some sensor element whose metadata, with one of its reports, meets every condition.
	 */
	private static boolean sensorMatch(JsonNode event, List<BiPredicate<JsonNode, JsonNode>> conditions) {
		for (JsonNode element : event.path("sensorElementList")) {
			JsonNode meta = element.path("sensorMetadata");
			List<JsonNode> reports = new ArrayList<>();
			element.path("sensorReport").forEach(reports::add);
			if (reports.isEmpty()) {
				reports.add(meta.path("no report"));
			}
			for (JsonNode report : reports) {
				if (conditions.stream().allMatch(c -> c.test(meta, report))) {
					return true;
				}
			}
		}
		return false;
	}

	/** Some quantity element meeting every quantity condition. */
	private static boolean quantityMatch(JsonNode event, List<Predicate<JsonNode>> conditions) {
		for (String list : List.of("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList")) {
			for (JsonNode element : event.path(list)) {
				if (conditions.stream().allMatch(c -> c.test(element))) {
					return true;
				}
			}
		}
		return false;
	}

}
