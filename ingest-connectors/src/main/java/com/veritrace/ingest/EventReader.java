package com.veritrace.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.veritrace.codes.EventHashForm;

/**
 * Validates one event object against EPCIS 2.0 / CBV 2.0 (adding every problem to a
 * shared list) and, when it is valid, builds the {@link EpcisEvent}.
 */
final class EventReader {

	private static final Pattern TIME_ZONE_OFFSET = Pattern.compile("[+-]((0\\d|1[0-3]):[0-5]\\d|14:00)");

	private static final Pattern OTHER_EPC_URN = Pattern.compile("urn:epc:id:[a-z0-9]+:[^\\s]+");

	/**
	 * GS1 schemes the normaliser knows: a malformed one of these is an error, not "some
	 * other URN".
	 */
	private static final Set<String> GS1_EPC_SCHEMES = Set.of("sgtin", "sscc", "sgln", "grai", "giai", "gsrn", "gsrnp",
			"gdti", "cpi", "sgcn", "ginc", "gsin", "itip", "upui", "pgln");

	private static final List<String> SENSOR_NUMBERS = List.of("value", "minValue", "maxValue", "meanValue", "sDev",
			"percRank", "percValue");

	/**
	 * Members EPCIS 2.0 defines on an event; anything else must be a prefixed
	 * (namespaced) extension.
	 */
	private static final Set<String> STANDARD_MEMBERS = Set.of("@context", "id", "type", "eventID", "eventTime",
			"recordTime", "eventTimeZoneOffset", "certificationInfo", "errorDeclaration", "epcList", "parentID",
			"childEPCs", "quantityList", "childQuantityList", "inputEPCList", "inputQuantityList", "outputEPCList",
			"outputQuantityList", "action", "transformationID", "bizStep", "disposition", "persistentDisposition",
			"readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList",
			"ilmd");

	private final ObjectNode event;

	private final String pointer;

	private final Map<String, String> namespaces;

	private final List<Violation> violations;

	private final int violationsBefore;

	private final boolean lenient;

	EventReader(ObjectNode event, String pointer, Map<String, String> namespaces, List<Violation> violations,
			boolean lenient) {
		this.lenient = lenient;
		this.event = event;
		this.pointer = pointer;
		this.namespaces = namespaces;
		this.violations = violations;
		this.violationsBefore = violations.size();
	}

	/** The event, or {@code null} if it has violations (they are in the shared list). */
	@Nullable EpcisEvent read() {
		String typeName = this.event.path("type").asString("");
		EventType type = EventType.of(typeName).orElse(null);
		if (type == null) {
			fail("type",
					typeName.isEmpty() ? "required event type is missing" : "unknown event type '" + typeName + "'");
		}
		Instant eventTime = requiredDateTime("eventTime");
		String offset = string("eventTimeZoneOffset", true);
		if (offset != null && !TIME_ZONE_OFFSET.matcher(offset).matches()) {
			fail("eventTimeZoneOffset", "must be ±hh:mm between -14:00 and +14:00, was '" + offset + "'");
		}
		if (this.event.has("recordTime") && !isDateTime(this.event.get("recordTime"))) {
			fail("recordTime", "must be an xsd:dateTime with a time zone");
		}
		String eventId = uri("eventID", false);
		if (eventId == null && !this.event.has("eventID")) {
			eventId = uri("id", false); // JSON-LD node id; GS1's simple context uses it
										// for the event ID
		}
		Action action = action(type);
		String bizStep = vocabulary("bizStep", Cbv.BIZ_STEP);
		String disposition = vocabulary("disposition", Cbv.DISPOSITION);
		persistentDisposition();
		String readPoint = location("readPoint");
		String bizLocation = location("bizLocation");
		List<String> epcList = epcs("epcList");
		List<String> childEpcs = epcs("childEPCs");
		List<String> inputEpcs = epcs("inputEPCList");
		List<String> outputEpcs = epcs("outputEPCList");
		String parentId = this.event.has("parentID") ? epc(this.event.get("parentID"), "parentID") : null;
		List<QuantityElement> quantities = quantities("quantityList");
		List<QuantityElement> childQuantities = quantities("childQuantityList");
		List<QuantityElement> inputQuantities = quantities("inputQuantityList");
		List<QuantityElement> outputQuantities = quantities("outputQuantityList");
		String transformationId = uri("transformationID", false);
		List<BizTransaction> bizTransactions = bizTransactions();
		List<SourceDestination> sources = sourcesOrDestinations("sourceList", "source");
		List<SourceDestination> destinations = sourcesOrDestinations("destinationList", "destination");
		sensorElements();
		errorDeclaration();
		certificationInfo();
		if (this.event.has("ilmd") && !this.event.get("ilmd").isObject()) {
			fail("ilmd", "ilmd must be an object");
		}
		for (String member : this.event.propertyNames()) {
			if (!STANDARD_MEMBERS.contains(member) && member.indexOf(':') < 0) {
				fail(member, "'" + member + "' is not an EPCIS 2.0 event member; extensions need a namespace prefix");
			}
		}
		if (type != null) {
			typeRules(type, action, parentId, epcList, quantities, inputEpcs, inputQuantities, outputEpcs,
					outputQuantities, transformationId, bizTransactions);
		}
		if ((!this.lenient && this.violations.size() > this.violationsBefore) || type == null || eventTime == null
				|| offset == null) {
			return null;
		}
		// ilmd describes what the event creates: the outputs of a transformation, else
		// the objects named
		List<String> ilmdEpcs = type == EventType.TransformationEvent ? outputEpcs : epcList;
		List<QuantityElement> ilmdClasses = type == EventType.TransformationEvent ? outputQuantities : quantities;
		EventIdentifiers identifiers = Identifiers.of(epcList, childEpcs, inputEpcs, outputEpcs, parentId,
				List.of(quantities, childQuantities, inputQuantities, outputQuantities), lotNumbers(), ilmdEpcs,
				ilmdClasses);
		return new EpcisEvent(type, eventTime, offset, eventId, action, bizStep, disposition, readPoint, bizLocation,
				epcList, parentId, childEpcs, quantities, childQuantities, inputEpcs, inputQuantities, outputEpcs,
				outputQuantities, transformationId, bizTransactions, sources, destinations,
				this.event.has("errorDeclaration"), identifiers, this.namespaces, this.event);
	}

	private void typeRules(EventType type, @Nullable Action action, @Nullable String parentId, List<String> epcList,
			List<QuantityElement> quantities, List<String> inputEpcs, List<QuantityElement> inputQuantities,
			List<String> outputEpcs, List<QuantityElement> outputQuantities, @Nullable String transformationId,
			List<BizTransaction> bizTransactions) {
		switch (type) {
			case ObjectEvent -> {
				// no EPC required: GS1's own examples include sensor-only ObjectEvents
				// (SensorDataExample1b)
			}
			case AggregationEvent, AssociationEvent -> {
				if (parentId == null && (action == Action.ADD || action == Action.DELETE)) {
					fail("parentID", "parentID is required when action is ADD or DELETE");
				}
			}
			case TransactionEvent -> {
				if (bizTransactions.isEmpty()) {
					fail("bizTransactionList", "a TransactionEvent needs at least one bizTransaction");
				}
			}
			case TransformationEvent -> {
				boolean inputs = !inputEpcs.isEmpty() || !inputQuantities.isEmpty();
				boolean outputs = !outputEpcs.isEmpty() || !outputQuantities.isEmpty();
				if (!inputs && !outputs && transformationId == null) {
					fail("inputEPCList", "a TransformationEvent needs inputs or outputs (or a transformationID)");
				}
			}
		}
	}

	private @Nullable Action action(@Nullable EventType type) {
		JsonNode node = this.event.get("action");
		if (type == null) {
			return null; // the type is already reported; what it requires is unknown
		}
		if (type == EventType.TransformationEvent) {
			if (node != null) {
				fail("action", "a TransformationEvent has no action");
			}
			return null;
		}
		if (node == null) {
			fail("action", "required action is missing (ADD, OBSERVE or DELETE)");
			return null;
		}
		String value = node.isString() ? node.stringValue() : "";
		for (Action a : Action.values()) {
			if (a.name().equals(value)) {
				return a;
			}
		}
		fail("action", "action must be ADD, OBSERVE or DELETE, was " + node);
		return null;
	}

	private @Nullable String vocabulary(String member, Cbv vocabulary) {
		String value = string(member, false);
		if (value == null) {
			return null;
		}
		String problem = vocabulary.problem(value);
		if (problem != null) {
			fail(member, problem);
			return null;
		}
		return vocabulary.canonical(value);
	}

	private void persistentDisposition() {
		JsonNode node = this.event.get("persistentDisposition");
		if (node == null) {
			return;
		}
		if (!node.isObject()) {
			fail("persistentDisposition", "persistentDisposition must be an object with set and/or unset");
			return;
		}
		for (String part : List.of("set", "unset")) {
			JsonNode list = node.get(part);
			if (list == null) {
				continue;
			}
			if (!list.isArray()) {
				fail("persistentDisposition/" + part, "must be an array of dispositions");
				continue;
			}
			int i = 0;
			for (JsonNode v : list.values()) {
				String where = "persistentDisposition/" + part + "/" + i++;
				String problem = v.isString() ? Cbv.DISPOSITION.problem(v.stringValue()) : "must be a string";
				if (problem != null) {
					fail(where, problem);
				}
			}
		}
	}

	private @Nullable String location(String member) {
		JsonNode node = this.event.get(member);
		if (node == null) {
			return null;
		}
		JsonNode id = node.get("id");
		if (!node.isObject() || id == null || !id.isString() || !Uris.isAbsolute(id.stringValue())) {
			fail(node.isObject() ? member + "/id" : member, member + " must be an object whose id is an absolute URI");
			return null;
		}
		return canonicalId(id.stringValue());
	}

	private static String canonicalId(String value) {
		String link = EventHashForm.canonical(value);
		return link != null ? link : value;
	}

	private List<String> epcs(String member) {
		JsonNode node = this.event.get(member);
		List<String> out = new ArrayList<>();
		if (node == null) {
			return out;
		}
		int i = 0;
		for (JsonNode v : elements(node)) {
			String epc = epc(v, member + index(node, i++));
			if (epc != null) {
				out.add(epc);
			}
		}
		return out;
	}

	/**
	 * An instance-level identifier: an EPC URN or a GS1 Digital Link URI with a valid
	 * check digit.
	 */
	private @Nullable String epc(JsonNode node, String where) {
		if (!node.isString()) {
			fail(where, "must be a string EPC URI");
			return null;
		}
		String value = node.stringValue();
		String problem = identifierProblem(value, false);
		if (problem != null) {
			fail(where, problem);
			return null;
		}
		return value;
	}

	/**
	 * Why {@code value} is no acceptable EPC (instance) or EPC class, or {@code null}.
	 */
	static @Nullable String identifierProblem(String value, boolean epcClass) {
		if (value.startsWith("urn:epc:")) {
			if (epcClass) {
				if (value.startsWith("urn:epc:class:") || value.startsWith("urn:epc:idpat:")) {
					return EventHashForm.canonical(value) != null ? null : "malformed EPC class URN '" + value
							+ "' (expected urn:epc:class:lgtin:… or urn:epc:idpat:…)";
				}
				return "an epcClass must be an EPC class or pattern URN or a GS1 Digital Link, was '" + value + "'";
			}
			if (!value.startsWith("urn:epc:id:")) {
				return "an EPC must be an urn:epc:id:… URN or a GS1 Digital Link, was '" + value + "'";
			}
			String scheme = value.substring("urn:epc:id:".length()).split(":", 2)[0];
			if (GS1_EPC_SCHEMES.contains(scheme)) {
				return EventHashForm.canonical(value) != null ? null : "malformed EPC URN '" + value + "'";
			}
			return OTHER_EPC_URN.matcher(value).matches() ? null : "malformed EPC URN '" + value + "'";
		}
		if (value.startsWith("https://") || value.startsWith("http://")) {
			EventHashForm.Parsed parsed = EventHashForm.parse(value);
			String canonical = parsed == null ? null : EventHashForm.constrain(parsed);
			if (canonical == null) {
				return "not a GS1 Digital Link URI: '" + value + "'";
			}
			String key = parsed.keyAi().equals("01") && parsed.key().length() < 14
					? "0".repeat(14 - parsed.key().length()) + parsed.key() : parsed.key();
			if (Set.of("00", "01", "414", "417", "402", "8017", "8018").contains(parsed.keyAi())
					&& !EventHashForm.checkDigitValid(key)) {
				return "wrong GS1 check digit in '" + value + "'";
			}
			return null;
		}
		return "an EPC must be an EPC URN (urn:epc:…) or a GS1 Digital Link URI, was '" + value + "'";
	}

	private List<QuantityElement> quantities(String member) {
		JsonNode node = this.event.get(member);
		List<QuantityElement> out = new ArrayList<>();
		if (node == null) {
			return out;
		}
		int i = 0;
		for (JsonNode q : elements(node)) {
			String where = member + index(node, i++);
			if (!q.isObject()) {
				fail(where, "a quantity element must be an object");
				continue;
			}
			JsonNode epcClass = q.get("epcClass");
			String cls = null;
			if (epcClass == null || !epcClass.isString()) {
				fail(where + "/epcClass", "required epcClass is missing");
			}
			else {
				String problem = identifierProblem(epcClass.stringValue(), true);
				if (problem != null) {
					fail(where + "/epcClass", problem);
				}
				else {
					cls = epcClass.stringValue();
				}
			}
			BigDecimal quantity = null;
			JsonNode qty = q.get("quantity");
			if (qty != null) {
				if (!qty.isNumber()) {
					fail(where + "/quantity", "quantity must be a JSON number, was " + qty);
				}
				else if (qty.decimalValue().signum() < 0) {
					fail(where + "/quantity", "quantity must not be negative");
				}
				else {
					quantity = qty.decimalValue();
				}
			}
			JsonNode uom = q.get("uom");
			if (uom != null && (!uom.isString() || uom.stringValue().isBlank())) {
				fail(where + "/uom", "uom must be a UN/CEFACT Rec 20 code string");
			}
			else if (uom != null && qty == null) {
				fail(where + "/uom", "uom needs a quantity");
			}
			if (cls != null) {
				out.add(new QuantityElement(cls, quantity, uom == null ? null : uom.stringValue()));
			}
		}
		return out;
	}

	private List<BizTransaction> bizTransactions() {
		JsonNode node = this.event.get("bizTransactionList");
		List<BizTransaction> out = new ArrayList<>();
		if (node == null) {
			return out;
		}
		int i = 0;
		for (JsonNode bt : elements(node)) {
			String where = "bizTransactionList" + index(node, i++);
			JsonNode id = bt.get("bizTransaction");
			if (!bt.isObject() || id == null || !id.isString() || !Uris.isAbsolute(id.stringValue())) {
				fail(where + "/bizTransaction", "required bizTransaction URI is missing or not an absolute URI");
				continue;
			}
			String type = null;
			JsonNode t = bt.get("type");
			if (t != null) {
				String problem = t.isString() ? Cbv.BIZ_TRANSACTION_TYPE.problem(t.stringValue()) : "must be a string";
				if (problem != null) {
					fail(where + "/type", problem);
					continue;
				}
				type = Cbv.BIZ_TRANSACTION_TYPE.canonical(t.stringValue());
			}
			out.add(new BizTransaction(type, canonicalId(id.stringValue())));
		}
		return out;
	}

	private List<SourceDestination> sourcesOrDestinations(String member, String valueKey) {
		JsonNode node = this.event.get(member);
		List<SourceDestination> out = new ArrayList<>();
		if (node == null) {
			return out;
		}
		int i = 0;
		for (JsonNode sd : elements(node)) {
			String where = member + index(node, i++);
			JsonNode t = sd.get("type");
			JsonNode id = sd.get(valueKey);
			boolean ok = true;
			if (t == null || !t.isString()) {
				fail(where + "/type", "required type is missing");
				ok = false;
			}
			else {
				String problem = Cbv.SOURCE_DESTINATION_TYPE.problem(t.stringValue());
				if (problem != null) {
					fail(where + "/type", problem);
					ok = false;
				}
			}
			if (id == null || !id.isString() || !Uris.isAbsolute(id.stringValue())) {
				fail(where + "/" + valueKey, "required " + valueKey + " URI is missing or not an absolute URI");
				ok = false;
			}
			if (ok) {
				out.add(new SourceDestination(Cbv.SOURCE_DESTINATION_TYPE.canonical(t.stringValue()),
						canonicalId(id.stringValue())));
			}
		}
		return out;
	}

	private void sensorElements() {
		JsonNode node = this.event.get("sensorElementList");
		if (node == null) {
			return;
		}
		int i = 0;
		for (JsonNode element : elements(node)) {
			String where = "sensorElementList" + index(node, i++);
			if (!element.isObject()) {
				fail(where, "a sensorElement must be an object");
				continue;
			}
			JsonNode metadata = element.get("sensorMetadata");
			if (metadata != null) {
				for (String t : List.of("time", "startTime", "endTime")) {
					if (metadata.has(t) && !isDateTime(metadata.get(t))) {
						fail(where + "/sensorMetadata/" + t, "must be an xsd:dateTime with a time zone");
					}
				}
			}
			JsonNode reports = element.get("sensorReport");
			if (reports == null || elements(reports).isEmpty()) {
				fail(where + "/sensorReport", "a sensorElement needs a non-empty sensorReport array");
				continue;
			}
			int r = 0;
			for (JsonNode report : elements(reports)) {
				String rw = where + "/sensorReport" + index(reports, r++);
				for (String n : SENSOR_NUMBERS) {
					if (report.has(n) && !report.get(n).isNumber()) {
						fail(rw + "/" + n, n + " must be a JSON number, was " + report.get(n));
					}
				}
				if (report.has("time") && !isDateTime(report.get("time"))) {
					fail(rw + "/time", "must be an xsd:dateTime with a time zone");
				}
			}
		}
	}

	private void errorDeclaration() {
		JsonNode node = this.event.get("errorDeclaration");
		if (node == null) {
			return;
		}
		if (!node.isObject()) {
			fail("errorDeclaration", "errorDeclaration must be an object");
			return;
		}
		if (!node.has("declarationTime") || !isDateTime(node.get("declarationTime"))) {
			fail("errorDeclaration/declarationTime", "required xsd:dateTime declarationTime is missing or malformed");
		}
		JsonNode reason = node.get("reason");
		if (reason != null) {
			String problem = reason.isString() ? Cbv.ERROR_REASON.problem(reason.stringValue()) : "must be a string";
			if (problem != null) {
				fail("errorDeclaration/reason", problem);
			}
		}
	}

	private void certificationInfo() {
		JsonNode node = this.event.get("certificationInfo");
		if (node == null) {
			return;
		}
		boolean ok = node.isString() || (node.isArray() && node.values().stream().allMatch(JsonNode::isString));
		if (!ok) {
			fail("certificationInfo", "certificationInfo must be a string or an array of strings");
		}
	}

	/** ilmd lot numbers (see {@link EpcisEvent#ilmdLotNumbers()}). */
	private List<String> lotNumbers() {
		return EpcisEvent.lotNumbers(this.event, this.namespaces);
	}

	private @Nullable Instant requiredDateTime(String member) {
		JsonNode node = this.event.get(member);
		if (node == null) {
			fail(member, "required " + member + " is missing");
			return null;
		}
		if (!isDateTime(node)) {
			fail(member, member + " must be an xsd:dateTime with a time zone, was " + node);
			return null;
		}
		return OffsetDateTime.parse(node.stringValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
	}

	static boolean isDateTime(JsonNode node) {
		if (!node.isString()) {
			return false;
		}
		try {
			OffsetDateTime.parse(node.stringValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
			return true;
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

	private @Nullable String string(String member, boolean required) {
		JsonNode node = this.event.get(member);
		if (node == null) {
			if (required) {
				fail(member, "required " + member + " is missing");
			}
			return null;
		}
		if (!node.isString() || node.stringValue().isBlank()) {
			fail(member, member + " must be a non-empty string");
			return null;
		}
		return node.stringValue().strip();
	}

	private @Nullable String uri(String member, boolean required) {
		String value = string(member, required);
		if (value != null && !Uris.isAbsolute(value)) {
			fail(member, member + " must be an absolute URI, was '" + value + "'");
			return null;
		}
		return value;
	}

	/**
	 * The members of a list-valued property. In JSON-LD a single value means the same as
	 * a one-element array (GS1's simple-context examples use that form), so both are
	 * accepted; the hash treats them alike too.
	 */
	private static List<JsonNode> elements(JsonNode node) {
		return node.isArray() ? List.copyOf(node.values()) : List.of(node);
	}

	/** "/i" for an array member; "" when a single value stands for a one-element list. */
	private static String index(JsonNode list, int i) {
		return list.isArray() ? "/" + i : "";
	}

	private void fail(String relativePath, String reason) {
		StringBuilder p = new StringBuilder(this.pointer);
		for (String segment : relativePath.split("/")) {
			p.append('/').append(segment.replace("~", "~0"));
		}
		this.violations.add(new Violation(p.toString(), reason));
	}

	/** Builds {@link EventIdentifiers}. */
	static final class Identifiers {

		private final Set<ItemId> items = new LinkedHashSet<>();

		private final Set<LotId> lots = new LinkedHashSet<>();

		private final Set<String> parents = new LinkedHashSet<>();

		private final Set<String> ssccs = new LinkedHashSet<>();

		private final Set<String> gtins = new LinkedHashSet<>();

		static EventIdentifiers of(List<String> epcList, List<String> childEpcs, List<String> inputEpcs,
				List<String> outputEpcs, @Nullable String parentId, List<List<QuantityElement>> quantityLists,
				List<String> ilmdLots, List<String> ilmdEpcs, List<QuantityElement> ilmdClasses) {
			Identifiers ids = new Identifiers();
			if (parentId != null) {
				ids.parents.add(canonicalId(parentId));
				ids.classify(parentId);
			}
			for (List<String> list : List.of(epcList, childEpcs, inputEpcs, outputEpcs)) {
				list.forEach(ids::classify);
			}
			for (List<QuantityElement> list : quantityLists) {
				list.forEach(q -> ids.classify(q.epcClass()));
			}
			if (!ilmdLots.isEmpty()) {
				Identifiers subjects = new Identifiers();
				ilmdEpcs.forEach(subjects::classify);
				ilmdClasses.forEach(q -> subjects.classify(q.epcClass()));
				for (String lot : ilmdLots) {
					for (String gtin : subjects.gtins) {
						ids.lots.add(new LotId(gtin, lot));
					}
				}
			}
			return new EventIdentifiers(List.copyOf(ids.items), List.copyOf(ids.lots), List.copyOf(ids.parents),
					List.copyOf(ids.ssccs));
		}

		private void classify(String value) {
			String link = value.startsWith("urn:") ? EventHashForm.canonical(value) : value;
			EventHashForm.Parsed parsed = link == null ? null : EventHashForm.parse(link);
			if (parsed == null) {
				return;
			}
			String key = parsed.key();
			if (parsed.keyAi().equals("00") && key.length() == 18) {
				this.ssccs.add(key);
			}
			if (parsed.keyAi().equals("01") && key.length() <= 14 && key.chars().allMatch(Character::isDigit)) {
				String gtin = "0".repeat(14 - key.length()) + key;
				this.gtins.add(gtin);
				String serial = parsed.qualifiers().get("21");
				String lot = parsed.qualifiers().get("10");
				if (serial != null) {
					this.items.add(new ItemId(gtin, EventHashForm.unescape(serial)));
				}
				if (lot != null) {
					this.lots.add(new LotId(gtin, EventHashForm.unescape(lot)));
				}
			}
		}

	}

}
