package com.veritrace.ingest.connect;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import com.veritrace.codes.Gtin;
import com.veritrace.ingest.EpcisDocument;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.InvalidEventException;
import com.veritrace.ingest.Violation;

/**
 * Reads a record of any {@link IngestStream} into canonical EPCIS events. EPCIS records
 * go straight to the {@link EpcisDocumentParser}: JSON-LD, or EPCIS 1.2/2.0 XML when the
 * record's first character that is not white space is {@code <}
 * ({@link EpcisDocumentParser#looksLikeXml}); the two simple partner formats are mapped
 * to one EPCIS 2.0 ObjectEvent each, which is then parsed and validated like any captured
 * event, so the stored JSON, the validation and the hash are the standard's. Formats
 * (documented with examples in docs/INGEST.md):
 * <ul>
 * <li><b>wms-outbound</b>: {@code {recordId?, shippedAt, warehouseGln, dock?,
 * orderNumber?, shipTo, items?, lots?}} → ObjectEvent OBSERVE, bizStep {@code shipping},
 * disposition {@code in_transit}, readPoint = the dock (GLN + AI 254) or the warehouse,
 * bizLocation = the warehouse, source {@code location} = warehouse, destination
 * {@code location} = shipTo, bizTransaction {@code po} = the order.</li>
 * <li><b>carrier-delivery</b>:
 * {@code {recordId?, waybill, carrierGln, deliveredAt, consigneeGln, status?, sscc?,
 * items?, lots?}} → ObjectEvent OBSERVE, bizStep {@code arriving}, disposition
 * {@code in_progress} (status DELIVERED, the default) or {@code returned} (REFUSED),
 * readPoint and bizLocation = the consignee, source {@code
 * possessing_party} = the carrier, destination {@code location} = the consignee,
 * bizTransaction {@code bol} = the waybill.</li>
 * </ul>
 * Items are {@code {gtin, serial}} (epcList, as Digital Links), lots {@code {gtin, lot,
 * quantity?, uom?}} (quantityList); a partner record names at least one, so every event
 * is checked against the brands' grants. Thread-safe.
 */
public final class PartnerFormats {

	/**
	 * Namespace of Veritrace's extension members in mapped events
	 * ({@code vt:sourceRecord}).
	 */
	public static final String VT_NAMESPACE = "https://ns.veritrace.io/epcis/";

	private static final String DL = "https://id.gs1.org";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final EpcisDocumentParser parser;

	private final JsonMapper mapper;

	public PartnerFormats(EpcisDocumentParser parser) {
		this.parser = Objects.requireNonNull(parser, "parser");
		JsonFactory strict = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
		this.mapper = JsonMapper.builder(strict).build();
	}

	/**
	 * The events a record carries.
	 * @throws InvalidEventException when the record is malformed or violates its format
	 * or EPCIS 2.0
	 */
	public EpcisDocument read(IngestStream stream, byte[] value) {
		return switch (stream) {
			case EPCIS ->
				EpcisDocumentParser.looksLikeXml(value) ? this.parser.parseXml(value) : this.parser.parse(value);
			case WMS_OUTBOUND -> this.parser.parse(this.mapper.writeValueAsBytes(wmsOutbound(tree(value))));
			case CARRIER_DELIVERY -> this.parser.parse(this.mapper.writeValueAsBytes(carrierDelivery(tree(value))));
		};
	}

	/** The EPCIS event a WMS outbound record maps to (before validation). */
	ObjectNode wmsOutbound(JsonNode r) {
		Fields f = new Fields(r);
		String shippedAt = f.dateTime("shippedAt");
		String warehouse = f.gln("warehouseGln", true);
		String dock = f.text("dock", false);
		String order = f.text("orderNumber", false);
		String shipTo = f.gln("shipTo", true);
		ObjectNode e = event(f, "wms-outbound", shippedAt);
		e.put("bizStep", "shipping");
		e.put("disposition", "in_transit");
		if (warehouse != null) {
			e.putObject("readPoint").put("id", dock == null ? gln(warehouse) : gln(warehouse) + "/254/" + encode(dock));
			e.putObject("bizLocation").put("id", gln(warehouse));
			e.putArray("sourceList").addObject().put("type", "location").put("source", gln(warehouse));
			if (order != null) {
				e.putArray("bizTransactionList")
					.addObject()
					.put("type", "po")
					.put("bizTransaction", "urn:epcglobal:cbv:bt:" + warehouse + ":" + encode(order));
			}
		}
		if (shipTo != null) {
			e.putArray("destinationList").addObject().put("type", "location").put("destination", gln(shipTo));
		}
		return f.finish(e);
	}

	/** The EPCIS event a carrier delivery record maps to (before validation). */
	ObjectNode carrierDelivery(JsonNode r) {
		Fields f = new Fields(r);
		String waybill = f.text("waybill", true);
		String carrier = f.gln("carrierGln", true);
		String deliveredAt = f.dateTime("deliveredAt");
		String consignee = f.gln("consigneeGln", true);
		String status = f.text("status", false);
		String sscc = f.digits("sscc", 18);
		ObjectNode e = event(f, "carrier-delivery", deliveredAt);
		e.put("bizStep", "arriving");
		if (status == null || status.equals("DELIVERED")) {
			e.put("disposition", "in_progress");
		}
		else if (status.equals("REFUSED")) {
			e.put("disposition", "returned");
		}
		else {
			f.violation("status", "status must be DELIVERED or REFUSED");
		}
		if (sscc != null) {
			((ArrayNode) e.get("epcList")).add(DL + "/00/" + sscc);
		}
		if (consignee != null) {
			e.putObject("readPoint").put("id", gln(consignee));
			e.putObject("bizLocation").put("id", gln(consignee));
			e.putArray("destinationList").addObject().put("type", "location").put("destination", gln(consignee));
		}
		if (carrier != null) {
			e.putArray("sourceList").addObject().put("type", "possessing_party").put("source", DL + "/417/" + carrier);
			if (waybill != null) {
				e.putArray("bizTransactionList")
					.addObject()
					.put("type", "bol")
					.put("bizTransaction", "urn:epcglobal:cbv:bt:" + carrier + ":" + encode(waybill));
			}
		}
		return f.finish(e);
	}

	private ObjectNode event(Fields f, String format, @Nullable String time) {
		ObjectNode e = NODES.objectNode();
		e.putArray("@context").addObject().put("vt", VT_NAMESPACE);
		e.put("type", "ObjectEvent");
		if (time != null) {
			e.put("eventTime", time);
			e.put("eventTimeZoneOffset", OffsetDateTime.parse(time).getOffset().getId().replace("Z", "+00:00"));
		}
		ArrayNode epcs = e.putArray("epcList");
		ArrayNode quantities = NODES.arrayNode();
		e.put("action", "OBSERVE");
		f.items(epcs);
		f.lots(quantities);
		if (!quantities.isEmpty()) {
			e.set("quantityList", quantities);
		}
		String recordId = f.text("recordId", false);
		if (recordId != null) {
			// the partner's own record id: part of the event (and its hash), so a resend
			// is a duplicate
			e.put("vt:sourceRecord", format + "/" + recordId);
		}
		return e;
	}

	private JsonNode tree(byte[] value) {
		try {
			JsonNode node = this.mapper.readTree(value);
			if (node == null || !node.isObject()) {
				throw new InvalidEventException(List.of(new Violation("", "expected a JSON object")));
			}
			return node;
		}
		catch (JacksonException ex) {
			String message = String.valueOf(ex.getOriginalMessage());
			int nl = message.indexOf('\n');
			throw new InvalidEventException(
					List.of(new Violation("", "malformed JSON: " + (nl < 0 ? message : message.substring(0, nl)))));
		}
	}

	private static String gln(String gln) {
		return DL + "/414/" + gln;
	}

	/** Percent-encodes what a Digital Link path or URN segment must not carry raw. */
	private static String encode(String text) {
		StringBuilder out = new StringBuilder();
		for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_') {
				out.append((char) c);
			}
			else {
				out.append('%').append(String.format("%02X", c));
			}
		}
		return out.toString();
	}

	/** Reads a record's fields, collecting every violation. */
	private static final class Fields {

		private final JsonNode record;

		private final List<Violation> violations = new ArrayList<>();

		Fields(JsonNode record) {
			this.record = record;
		}

		void violation(String field, String reason) {
			this.violations.add(new Violation("/" + field, reason));
		}

		@Nullable String text(String field, boolean required) {
			JsonNode v = this.record.get(field);
			if (v == null || v.isNull()) {
				if (required) {
					violation(field, "required " + field + " is missing");
				}
				return null;
			}
			if (!v.isString() || v.stringValue().isBlank() || v.stringValue().length() > 64) {
				violation(field, field + " must be a non-blank string of at most 64 characters");
				return null;
			}
			return v.stringValue();
		}

		@Nullable String dateTime(String field) {
			String text = text(field, true);
			if (text == null) {
				return null;
			}
			try {
				OffsetDateTime.parse(text);
				return text;
			}
			catch (DateTimeParseException ex) {
				violation(field, field + " must be an ISO 8601 date-time with a zone offset");
				return null;
			}
		}

		@Nullable String gln(String field, boolean required) {
			String text = text(field, required);
			return text == null ? null : checked(field, text, 13);
		}

		@Nullable String digits(String field, int length) {
			String text = text(field, false);
			return text == null ? null : checked(field, text, length);
		}

		private @Nullable String checked(String pointer, String text, int length) {
			if (!text.matches("[0-9]{" + length + "}")) {
				this.violations.add(new Violation("/" + pointer, "must be " + length + " digits"));
				return null;
			}
			if (Gtin.checkDigit(text, length - 1) != text.charAt(length - 1) - '0') {
				this.violations
					.add(new Violation("/" + pointer, "check digit should be " + Gtin.checkDigit(text, length - 1)));
				return null;
			}
			return text;
		}

		void items(ArrayNode epcs) {
			JsonNode items = this.record.get("items");
			if (items == null) {
				return;
			}
			if (!items.isArray()) {
				violation("items", "items must be an array of {gtin, serial}");
				return;
			}
			for (int i = 0; i < items.size(); i++) {
				JsonNode item = items.get(i);
				String gtin = gtin(item, "items/" + i);
				JsonNode serial = item.get("serial");
				if (serial == null || !serial.isString() || serial.stringValue().isEmpty()) {
					violation("items/" + i + "/serial", "required serial is missing");
					continue;
				}
				if (gtin != null) {
					epcs.add(DL + "/01/" + gtin + "/21/" + encode(serial.stringValue()));
				}
			}
		}

		void lots(ArrayNode quantities) {
			JsonNode lots = this.record.get("lots");
			if (lots == null) {
				return;
			}
			if (!lots.isArray()) {
				violation("lots", "lots must be an array of {gtin, lot, quantity?, uom?}");
				return;
			}
			for (int i = 0; i < lots.size(); i++) {
				JsonNode lot = lots.get(i);
				String gtin = gtin(lot, "lots/" + i);
				JsonNode number = lot.get("lot");
				if (number == null || !number.isString() || number.stringValue().isEmpty()) {
					violation("lots/" + i + "/lot", "required lot is missing");
					continue;
				}
				if (gtin == null) {
					continue;
				}
				ObjectNode q = quantities.addObject()
					.put("epcClass", DL + "/01/" + gtin + "/10/" + encode(number.stringValue()));
				JsonNode quantity = lot.get("quantity");
				if (quantity != null) {
					if (!quantity.isNumber()) {
						violation("lots/" + i + "/quantity", "quantity must be a number");
					}
					else {
						q.set("quantity", quantity);
					}
				}
				JsonNode uom = lot.get("uom");
				if (uom != null && uom.isString()) {
					q.put("uom", uom.stringValue());
				}
			}
		}

		private @Nullable String gtin(JsonNode element, String pointer) {
			JsonNode gtin = element.get("gtin");
			if (!element.isObject() || gtin == null || !gtin.isString()) {
				violation(pointer + "/gtin", "required gtin is missing");
				return null;
			}
			String digits = gtin.stringValue();
			if (digits.matches("[0-9]{8}|[0-9]{12,13}")) {
				digits = "0".repeat(14 - digits.length()) + digits;
			}
			return checked(pointer + "/gtin", digits, 14);
		}

		ObjectNode finish(ObjectNode event) {
			boolean items = this.record.path("items").isArray() && !this.record.path("items").isEmpty();
			boolean lots = this.record.path("lots").isArray() && !this.record.path("lots").isEmpty();
			if (!items && !lots) {
				violation("items", "a record names at least one item or lot");
			}
			if (!this.violations.isEmpty()) {
				throw new InvalidEventException(this.violations);
			}
			return event;
		}

	}

}
