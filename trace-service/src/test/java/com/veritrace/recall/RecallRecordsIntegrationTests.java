package com.veritrace.recall;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.codes.Gtin;
import com.veritrace.codes.Sscc;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.EpcisCapture;
import com.veritrace.support.IssuedCodes;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A recall's records and trace on MariaDB, from events captured through the API: a lot
 * made from an input lot, commissioned item by item, packed into a case and the case onto
 * a pallet, shipped by pallet to one partner who receives the case, shipped by lot
 * quantity to another who receives it, and made into an output lot; beside it a lot of
 * the same product that is not recalled.
 */
@MariaDbIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecallRecordsIntegrationTests {

	static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

	static final String PRODUCT = "=SUM(1) 有机燕麦奶, 1 L";

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeIssuanceService issuance;

	@Autowired
	CodeRegistry registry;

	@Autowired
	AccountService accounts;

	ApiClient api;

	Tenant brand;

	Tenant otherBrand;

	Tenant partner1;

	Tenant partner2;

	Tenant regulator;

	String gtin;

	String gtinIn;

	String gtinRaw;

	String gtinOut;

	String brandGln = gln();

	String gln1 = gln();

	String gln2 = gln();

	String recallId;

	Map<String, String> hashes = new java.util.HashMap<>();

	@BeforeAll
	void aLotWithAHistory() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("Oat brand"), "BRAND", "read", "products:write", "codes:issue",
				"events:write", "grants:manage", "recalls:write");
		this.otherBrand = this.api.tenant(ApiClient.unique("Other brand"), "BRAND", "read", "recalls:write");
		this.partner1 = this.api.tenant(ApiClient.unique("Warehouse one"), "WAREHOUSE", "read", "events:write");
		this.partner2 = this.api.tenant(ApiClient.unique("Retailer two"), "WAREHOUSE", "read", "events:write");
		this.regulator = this.api.tenant(ApiClient.unique("Regulator"), "REGULATOR", "read", "recalls:write");
		this.gtin = product(PRODUCT, "LJ-A", "LJ-B", "LJ-C");
		this.gtinIn = product("Oats", "IN-1");
		this.gtinRaw = product("Oat seed", "RAW-1");
		this.gtinOut = product("Oat dessert", "OUT-1");
		for (Tenant partner : List.of(this.partner1, this.partner2)) {
			this.api.call(post("/api/v1/grants"), this.brand.key(), "{\"granteeOrganisationId\":" + partner.id()
					+ ",\"right\":\"EVENTS\",\"gtin\":\"" + this.gtin + "\"}", 201);
		}
		List<String> a = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, this.brand.id(), this.gtin, "LJ-A",
				4, 4);
		List<String> b = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, this.brand.id(), this.gtin, "LJ-B",
				1, 1);
		String sscc = sscc();
		String pallet = sscc();
		this.hashes.put("sscc", sscc);
		this.hashes.put("pallet", pallet);
		capture(this.brand, "raw",
				transformation("2026-02-27T08:00:00Z", cls(this.gtinRaw, "RAW-1", "800", "KGM"),
						cls(this.gtinIn, "IN-1", "500", "KGM")),
				"made",
				transformation("2026-02-28T08:00:00Z", cls(this.gtinIn, "IN-1", "500", "KGM"),
						cls(this.gtin, "LJ-A", "1000", null)),
				"commissioned",
				object("2026-03-01T08:00:00Z", "+00:00", "commissioning", "ADD",
						"\"epcList\":[" + items(a, b.get(0)) + "]", ""),
				"packed", aggregation("2026-03-01T09:00:00Z", sscc, items(a.subList(0, 2), b.get(0))), "palletised",
				aggregation("2026-03-01T10:00:00Z", pallet, "\"https://id.gs1.org/00/" + sscc + "\""), "shipped1",
				object("2026-03-02T09:00:00+08:00", "+08:00", "shipping", "OBSERVE",
						"\"epcList\":[\"https://id.gs1.org/00/" + pallet + "\"]",
						",\"sourceList\":[{\"type\":\"location\",\"source\":\"https://id.gs1.org/414/" + this.brandGln
								+ "\"}],\"destinationList\":[{\"type\":\"location\",\"destination\":"
								+ "\"https://id.gs1.org/414/" + this.gln1
								+ "\"}],\"bizTransactionList\":[{\"type\":\"po\","
								+ "\"bizTransaction\":\"urn:epcglobal:cbv:bt:" + this.brandGln + ":PO-1001\"},"
								+ "{\"type\":\"desadv\",\"bizTransaction\":\"urn:epcglobal:cbv:bt:" + this.brandGln
								+ ":DES-77\"}]"),
				"shipped2",
				object("2026-03-04T08:00:00Z", "+00:00", "shipping", "OBSERVE",
						"\"quantityList\":[" + cls(this.gtin, "LJ-A", "120", "LTR") + ","
								+ cls(this.gtin, "LJ-C", "30", "LTR") + "]",
						",\"sourceList\":[{\"type\":\"owning_party\",\"source\":\"https://id.gs1.org/417/"
								+ this.brandGln + "\"}],\"destinationList\":[{\"type\":\"location\",\"destination\":"
								+ "\"https://id.gs1.org/414/" + this.gln2
								+ "\"}],\"bizTransactionList\":[{\"type\":\"inv\","
								+ "\"bizTransaction\":\"urn:epcglobal:cbv:bt:" + this.brandGln + ":INV-9\"}]"),
				"dessert",
				transformation("2026-03-06T08:00:00Z", cls(this.gtin, "LJ-A", "50", "LTR"),
						cls(this.gtinOut, "OUT-1", "100", "EA")),
				"otherLot", object("2026-03-07T08:00:00Z", "+00:00", "shipping", "OBSERVE",
						"\"quantityList\":[" + cls(this.gtin, "LJ-B", "10", "LTR") + "]", ""));
		capture(this.partner1, "received1",
				object("2026-03-03T08:00:00Z", "+00:00", "receiving", "OBSERVE",
						"\"epcList\":[\"https://id.gs1.org/00/" + sscc + "\"]",
						",\"bizLocation\":{\"id\":\"https://id.gs1.org/414/" + this.gln1 + "\"}"));
		capture(this.partner2, "received2",
				object("2026-03-05T08:00:00Z", "+00:00", "receiving", "OBSERVE", "\"quantityList\":["
						+ cls(this.gtin, "LJ-A", "120", "LTR") + "," + cls(this.gtin, "LJ-C", "30", "LTR") + "]", ""));
		this.recallId = this.api.call(post("/api/v1/recalls"), this.brand.key(), """
				{"gtin":"%s","lots":["LJ-A","LJ-C"],"recallClass":"I","reasonCode":"OTHER",
				 "reason":"Undeclared allergen","consumerInstructions":{"en":"Do not drink.","zh-CN":"请勿饮用。"},
				 "partnerInstructions":{"en":"Hold all stock.","zh-CN":"封存全部库存。"}}
				""".formatted(this.gtin), 201).get("id").asString();
	}

	@Test
	void theCsvListsEveryShipmentAndReceiptOfTheLotsWithTheirKeyDataElements() throws Exception {
		MvcResult result = this.mvc
			.perform(get("/api/v1/recalls/" + this.recallId + "/records").header("Authorization", this.brand.bearer()))
			.andExpect(status().isOk())
			.andReturn();
		assertThat(result.getResponse().getContentType()).startsWith("text/csv");
		assertThat(result.getResponse().getHeader("Content-Disposition"))
			.isEqualTo("attachment; filename=\"recall-" + this.recallId + "-records.csv\"");
		byte[] body = result.getResponse().getContentAsByteArray();
		assertThat(Arrays.copyOf(body, 3)).containsExactly(0xEF, 0xBB, 0xBF);
		List<Map<String, String>> rows = csv(body);
		// no line of the lot that is not recalled, nor of the input or output lots' own
		// events
		assertThat(rows).extracting(r -> r.get("Lot")).containsOnly("LJ-A", "LJ-C");
		assertThat(rows).allSatisfy(r -> {
			assertThat(r.get("GTIN")).isEqualTo(this.gtin);
			assertThat(r.get("Traceability lot code")).isEqualTo("(01)" + this.gtin + "(10)" + r.get("Lot"));
			// a spreadsheet would run it: defused
			assertThat(r.get("Product description")).isEqualTo("'" + PRODUCT);
		});
		assertThat(rows).extracting(r -> r.get("Event hash ID") + " " + r.get("Lot"))
			.containsExactly(line("made", "LJ-A"), line("commissioned", "LJ-A"), line("packed", "LJ-A"),
					line("palletised", "LJ-A"), line("shipped1", "LJ-A"), line("received1", "LJ-A"),
					line("shipped2", "LJ-A"), line("shipped2", "LJ-C"), line("received2", "LJ-A"),
					line("received2", "LJ-C"), line("dessert", "LJ-A"), rows.get(11).get("Event hash ID") + " LJ-A",
					rows.get(11).get("Event hash ID") + " LJ-C");

		// shipped by pallet: the two items of the lot in its case, not the other lot's
		Map<String, String> byPallet = only(rows, "shipped1", "LJ-A");
		assertThat(byPallet).containsEntry("Critical tracking event", "shipping")
			.containsEntry("Quantity", "2")
			.containsEntry("Unit of measure", "EA")
			.containsEntry("Via container (SSCC)", this.hashes.get("pallet"))
			.containsEntry("Event time", "2026-03-02T09:00:00.000+08:00")
			.containsEntry("Event time (UTC)", "2026-03-02T01:00:00.000Z")
			.containsEntry("Shipped from", "https://id.gs1.org/414/" + this.brandGln)
			.containsEntry("Shipped to", "https://id.gs1.org/414/" + this.gln1)
			.containsEntry("Reference document type", "po; desadv")
			.containsEntry("Reference document number", "PO-1001; DES-77")
			.containsEntry("Business step", "shipping")
			.containsEntry("EPCIS event type", "ObjectEvent");
		assertThat(byPallet.get("Reporter")).startsWith("Oat brand");
		// received by case
		assertThat(only(rows, "received1", "LJ-A")).containsEntry("Critical tracking event", "receiving")
			.containsEntry("Quantity", "2")
			.containsEntry("Via container (SSCC)", this.hashes.get("sscc"))
			.containsEntry("Location", "https://id.gs1.org/414/" + this.gln1)
			.satisfies(r -> assertThat(r.get("Reporter")).startsWith("Warehouse one"));
		// shipped and received by lot quantity
		assertThat(only(rows, "shipped2", "LJ-A")).containsEntry("Quantity", "120")
			.containsEntry("Unit of measure", "LTR")
			.containsEntry("Via container (SSCC)", "")
			.containsEntry("Shipped from", "https://id.gs1.org/417/" + this.brandGln)
			.containsEntry("Shipped to", "https://id.gs1.org/414/" + this.gln2)
			.containsEntry("Reference document type", "inv")
			.containsEntry("Reference document number", "INV-9");
		assertThat(only(rows, "shipped2", "LJ-C")).containsEntry("Quantity", "30");
		assertThat(only(rows, "received2", "LJ-C")).containsEntry("Critical tracking event", "receiving")
			.containsEntry("Quantity", "30")
			.satisfies(r -> assertThat(r.get("Reporter")).startsWith("Retailer two"));
		// made from the input lot, made into the output lot, commissioned item by item
		assertThat(only(rows, "made", "LJ-A")).containsEntry("Critical tracking event", "transformation")
			.containsEntry("Role in event", "output")
			.containsEntry("Quantity", "1000")
			.containsEntry("Unit of measure", "");
		assertThat(only(rows, "dessert", "LJ-A")).containsEntry("Role in event", "input")
			.containsEntry("Quantity", "50");
		assertThat(only(rows, "commissioned", "LJ-A")).containsEntry("Critical tracking event", "initial packing")
			.containsEntry("Quantity", "4")
			.containsEntry("Unit of measure", "EA");
		// packing names the items themselves (not through the case being filled)
		assertThat(only(rows, "packed", "LJ-A")).containsEntry("Quantity", "2")
			.containsEntry("Via container (SSCC)", "")
			.containsEntry("Critical tracking event", "other");
		// the case going onto the pallet: through the case
		assertThat(only(rows, "palletised", "LJ-A")).containsEntry("Via container (SSCC)", this.hashes.get("sscc"));
		// the recall's own event closes the record
		assertThat(rows.get(12)).containsEntry("Disposition", "recalled").containsEntry("Quantity", "");
	}

	@Test
	void linesSortByLotOrByTypeAndTheRegulatorGetsTheSame() throws Exception {
		List<Map<String, String>> byTime = csv(records(this.brand, "?sort=eventTime", null));
		List<Map<String, String>> byLot = csv(records(this.brand, "?sort=lot", null));
		List<Map<String, String>> byType = csv(records(this.brand, "?sort=type", null));
		assertThat(byLot).hasSameSizeAs(byTime).containsExactlyInAnyOrderElementsOf(byTime);
		assertThat(byLot).extracting(r -> r.get("Lot")).isSortedAccordingTo(String::compareTo);
		assertThat(byLot.subList(0, byLot.size() - 3)).extracting(r -> r.get("Event time (UTC)"))
			.isSortedAccordingTo(String::compareTo);
		assertThat(byType).containsExactlyInAnyOrderElementsOf(byTime)
			.extracting(r -> RecallRecordsRow.CTE_ORDER.indexOf(r.get("Critical tracking event")))
			.isSorted();
		assertThat(byType.get(0).get("Critical tracking event")).isEqualTo("initial packing");
		assertThat(csv(records(this.regulator, "", null))).isEqualTo(byTime);
		// the brand's audit log says the regulator read its records
		assertThat(this.jdbc.queryForList(
				"SELECT detail FROM audit_entry WHERE organisation_id = ? AND action = 'recall.records' AND target = ?",
				String.class, this.brand.id(), this.recallId))
			.anyMatch(d -> d.startsWith("records sorted by eventTime, read by Regulator"));
	}

	@Test
	void theXlsxHasTheSameLinesWithAFilterAndTheTraceSheet() throws Exception {
		List<Map<String, String>> csv = csv(records(this.brand, "", null));
		MvcResult result = this.mvc
			.perform(get("/api/v1/recalls/" + this.recallId + "/records").header("Authorization", this.brand.bearer())
				.header("Accept", XLSX))
			.andExpect(status().isOk())
			.andReturn();
		assertThat(result.getResponse().getContentType()).isEqualTo(XLSX);
		byte[] body = result.getResponse().getContentAsByteArray();
		// ?format=xlsx too (its bytes differ: the workbook carries its creation time)
		assertThat(ReadableWorkbook.isOOXMLZipHeader(records(this.brand, "?format=xlsx", null))).isTrue();
		assertThat(ReadableWorkbook.isOOXMLZipHeader(body)).isTrue();
		try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(body))) {
			List<Row> sheet = book.findSheet("Records").orElseThrow().read();
			assertThat(sheet.get(0).getCellText(0)).isEqualTo("Traceability lot code");
			assertThat(sheet).hasSize(csv.size() + 1);
			for (int i = 0; i < csv.size(); i++) {
				Row row = sheet.get(i + 1);
				Map<String, String> line = csv.get(i);
				assertThat(row.getCellText(17)).isEqualTo(line.get("Reference document number"));
				assertThat(row.getCellText(20)).isEqualTo(line.get("Event hash ID"));
				assertThat(row.getCellAsNumber(4).map(Object::toString).orElse(""))
					.isEqualTo(line.get("Quantity").isEmpty() ? ""
							: new java.math.BigDecimal(line.get("Quantity")).toString());
				// text is not defused in a spreadsheet: it is never a formula there
				assertThat(row.getCellText(3)).isEqualTo(PRODUCT);
			}
			List<Row> trace = book.findSheet("Trace").orElseThrow().read();
			assertThat(trace).extracting(r -> r.getCellText(0) + " " + r.getCellText(2))
				.contains("back (01)" + this.gtinIn + "(10)IN-1", "back (01)" + this.gtinRaw + "(10)RAW-1",
						"forward (01)" + this.gtinOut + "(10)OUT-1");
		}
		assertThat(RecallRecordsFormatTests.entry(body, "xl/worksheets/sheet1.xml"))
			.contains("<autoFilter ref=\"A1:U" + (csv.size() + 1) + "\"");
	}

	@Test
	void theTraceFindsTheInputLotsBackAndTheOutputLotForward() throws Exception {
		JsonNode trace = this.api.call(get("/api/v1/recalls/" + this.recallId + "/trace"), this.brand.key(), "", 200);
		assertThat(trace.get("lots").toString()).isEqualTo("[\"LJ-A\",\"LJ-C\"]");
		List<String> found = new ArrayList<>();
		trace.get("traced")
			.forEach(t -> found.add(t.get("direction").asString() + " " + t.get("depth").asInt() + " "
					+ t.get("gtin").asString() + "/" + t.get("lot").asString() + " " + t.get("viaEvent").asString()
					+ " " + t.get("productName").asString()));
		assertThat(found).containsExactly("BACK 1 " + this.gtinIn + "/IN-1 " + this.hashes.get("made") + " Oats",
				"BACK 2 " + this.gtinRaw + "/RAW-1 " + this.hashes.get("raw") + " Oat seed",
				"FORWARD 1 " + this.gtinOut + "/OUT-1 " + this.hashes.get("dessert") + " Oat dessert");
		// one step only
		JsonNode shallow = this.api.call(get("/api/v1/recalls/" + this.recallId + "/trace?depth=1"), this.brand.key(),
				"", 200);
		assertThat(shallow.get("traced")).hasSize(2);
		assertThat(shallow.get("truncated").asBoolean()).isFalse();
	}

	@Test
	void whoDoesNotRunTheRecallGetsNotFoundAndBadRequestsAreProblems() throws Exception {
		// the partner was told of the recall: it reads the recall, not its records
		this.jdbc.update("INSERT IGNORE INTO recall_recipient (recall_id, organisation_id, notified_ms) VALUES (?,?,?)",
				this.recallId, this.partner1.id(), System.currentTimeMillis());
		this.api.call(get("/api/v1/recalls/" + this.recallId), this.partner1.key(), "", 200);
		for (Tenant outsider : List.of(this.partner1, this.otherBrand)) {
			JsonNode problem = this.api.call(get("/api/v1/recalls/" + this.recallId + "/records"), outsider.key(), "",
					404);
			assertThat(problem.get("status").asInt()).isEqualTo(404);
			this.api.call(get("/api/v1/recalls/" + this.recallId + "/trace"), outsider.key(), "", 404);
			// whatever else it asks
			this.api.call(get("/api/v1/recalls/" + this.recallId + "/records?format=pdf"), outsider.key(), "", 404);
		}
		this.api.call(get("/api/v1/recalls/no-such-recall/records"), this.brand.key(), "", 404);
		this.api.call(get("/api/v1/recalls/no-such-recall/trace"), this.brand.key(), "", 404);
		assertProblem(this.api.call(get("/api/v1/recalls/" + this.recallId + "/records?format=pdf"), this.brand.key(),
				"", 400), "format");
		assertProblem(this.api.call(get("/api/v1/recalls/" + this.recallId + "/records?sort=colour"), this.brand.key(),
				"", 400), "sort");
		assertProblem(
				this.api.call(get("/api/v1/recalls/" + this.recallId + "/trace?depth=11"), this.brand.key(), "", 400),
				"depth");
		assertProblem(
				this.api.call(get("/api/v1/recalls/" + this.recallId + "/trace?depth=x"), this.brand.key(), "", 400),
				"depth");
		// a bad format asked for with the spreadsheet's Accept still gets problem details
		MvcResult result = this.mvc
			.perform(get("/api/v1/recalls/" + this.recallId + "/records?format=pdf")
				.header("Authorization", this.brand.bearer())
				.header("Accept", XLSX))
			.andExpect(status().isBadRequest())
			.andReturn();
		assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
	}

	@Test
	void aLoggedInBrandPersonDownloadsBothFilesFromThePortal() throws Exception {
		Portal portal = new Portal(this.mvc, this.accounts);
		Portal.Person viewer = portal.login(this.brand.id(), Role.VIEWER);
		MvcResult csv = this.mvc.perform(viewer.as(get("/portal/recalls/" + this.recallId + "/records.csv?sort=lot")))
			.andExpect(status().isOk())
			.andReturn();
		assertThat(csv.getResponse().getContentType()).startsWith("text/csv");
		assertThat(csv(csv.getResponse().getContentAsByteArray()))
			.isEqualTo(csv(records(this.brand, "?sort=lot", null)));
		MvcResult xlsx = this.mvc.perform(viewer.as(get("/portal/recalls/" + this.recallId + "/records.xlsx")))
			.andExpect(status().isOk())
			.andReturn();
		assertThat(xlsx.getResponse().getContentType()).isEqualTo(XLSX);
		try (ReadableWorkbook book = new ReadableWorkbook(
				new ByteArrayInputStream(xlsx.getResponse().getContentAsByteArray()))) {
			assertThat(book.getFirstSheet().read()).hasSize(14);
		}
		// another brand's person: the portal's not-found page
		Portal.Person stranger = portal.login(this.otherBrand.id(), Role.OWNER);
		this.mvc.perform(stranger.as(get("/portal/recalls/" + this.recallId + "/records.csv")))
			.andExpect(status().isNotFound());
		// nobody logged in: to the login page
		this.mvc.perform(get("/portal/recalls/" + this.recallId + "/records.csv"))
			.andExpect(status().is3xxRedirection());
	}

	// --- helpers

	private static void assertProblem(JsonNode problem, String field) {
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
	}

	private String line(String name, String lot) {
		return this.hashes.get(name) + " " + lot;
	}

	private Map<String, String> only(List<Map<String, String>> rows, String name, String lot) {
		Predicate<Map<String, String>> match = r -> r.get("Event hash ID").equals(this.hashes.get(name))
				&& r.get("Lot").equals(lot);
		List<Map<String, String>> found = rows.stream().filter(match).toList();
		assertThat(found).as(name + " " + lot).hasSize(1);
		return found.get(0);
	}

	private byte[] records(Tenant who, String query, String accept) throws Exception {
		var request = get("/api/v1/recalls/" + this.recallId + "/records" + query).header("Authorization",
				who.bearer());
		if (accept != null) {
			request = request.header("Accept", accept);
		}
		return this.mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
	}

	/** The CSV's lines as header -> cell. */
	private static List<Map<String, String>> csv(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		assertThat(text).startsWith("\uFEFF");
		List<List<String>> table = RecallRecordsFormatTests.parse(text.substring(1));
		assertThat(table.get(0)).isEqualTo(RecallRecordsRow.HEADER);
		List<Map<String, String>> rows = new ArrayList<>();
		for (List<String> cells : table.subList(1, table.size())) {
			assertThat(cells).hasSize(RecallRecordsRow.HEADER.size());
			Map<String, String> row = new java.util.LinkedHashMap<>();
			for (int i = 0; i < cells.size(); i++) {
				row.put(RecallRecordsRow.HEADER.get(i), cells.get(i));
			}
			rows.add(row);
		}
		return rows;
	}

	private String product(String name, String... lots) throws Exception {
		String gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(),
				"{\"gtin\":\"" + gtin + "\",\"name\":\"" + name.replace("\"", "\\\"") + "\"}", 201);
		for (String lot : lots) {
			this.api.call(post("/api/v1/products/" + gtin + "/lots"), this.brand.key(),
					"{\"lotNumber\":\"" + lot + "\"}", 201);
		}
		return gtin;
	}

	private static String gln() {
		String body = String.format("%012d",
				java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
		return body + Gtin.checkDigit(body, 12);
	}

	private static String sscc() {
		return Sscc.of(0, "0614141", (System.nanoTime() / 1000) % 1_000_000_000L).value();
	}

	private String items(List<String> serials, String... more) {
		List<String> all = new ArrayList<>();
		serials.forEach(s -> all.add("\"https://id.gs1.org/01/" + this.gtin + "/21/" + s + "\""));
		for (String s : more) {
			all.add("\"https://id.gs1.org/01/" + this.gtin + "/21/" + s + "\"");
		}
		return String.join(",", all);
	}

	private static String cls(String gtin, String lot, String quantity, String uom) {
		return "{\"epcClass\":\"https://id.gs1.org/01/" + gtin + "/10/" + lot + "\",\"quantity\":" + quantity
				+ (uom == null ? "" : ",\"uom\":\"" + uom + "\"") + "}";
	}

	private static String transformation(String time, String input, String output) {
		return "{\"type\":\"TransformationEvent\",\"eventTime\":\"" + time + "\",\"eventTimeZoneOffset\":\"+00:00\","
				+ "\"inputQuantityList\":[" + input + "],\"outputQuantityList\":[" + output + "]}";
	}

	private static String object(String time, String offset, String bizStep, String action, String what, String more) {
		return "{\"type\":\"ObjectEvent\",\"eventTime\":\"" + time + "\",\"eventTimeZoneOffset\":\"" + offset + "\","
				+ what + ",\"action\":\"" + action + "\",\"bizStep\":\"" + bizStep + "\"" + more + "}";
	}

	private static String aggregation(String time, String sscc, String children) {
		return "{\"type\":\"AggregationEvent\",\"eventTime\":\"" + time + "\",\"eventTimeZoneOffset\":\"+00:00\","
				+ "\"parentID\":\"https://id.gs1.org/00/" + sscc + "\",\"childEPCs\":[" + children
				+ "],\"action\":\"ADD\",\"bizStep\":\"packing\"}";
	}

	/**
	 * Captures named events in one document through the API and waits until stored; keeps
	 * each one's hash ID under its name.
	 */
	private void capture(Tenant who, Object... namesAndEvents) throws Exception {
		List<String> names = new ArrayList<>();
		List<String> events = new ArrayList<>();
		for (int i = 0; i < namesAndEvents.length; i += 2) {
			names.add((String) namesAndEvents[i]);
			events.add((String) namesAndEvents[i + 1]);
		}
		String document = EpcisCapture.document(events);
		JsonNode job = new EpcisCapture(this.mvc).captureAndWait(who, document);
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCESS");
		// each event's hash ID, as anyone recomputes it from the event
		List<com.veritrace.ingest.EpcisEvent> parsed = new com.veritrace.ingest.EpcisDocumentParser().parse(document)
			.events();
		for (int i = 0; i < names.size(); i++) {
			this.hashes.put(names.get(i), new com.veritrace.ingest.EventHasher().hash(parsed.get(i)).ni());
		}
	}

}
