package com.veritrace.demo;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.VeritraceProperties;
import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.StorageCondition;
import com.veritrace.issuance.CodeFormat;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeJob;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.partners.GrantRight;
import com.veritrace.partners.GrantService;
import com.veritrace.reports.InspectionReportService;
import com.veritrace.tenancy.ApiKeyService;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.OrganisationRepository;
import com.veritrace.tenancy.OrganisationService;
import com.veritrace.tenancy.Scope;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seeds the embedded default with a demo brand, its partners, products, lots and events,
 * and prints what to open. The demo brand's key is new at every start (and printed)
 * unless {@code veritrace.demo.api-key} fixes it (then it is a configured secret, and
 * never printed).
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "veritrace.demo.enabled", havingValue = "true")
class DemoSeeder implements ApplicationRunner {

	static final String BRAND = "Demo Tea Co.";

	static final String WAREHOUSE = "Demo Warehouse Ltd.";

	static final String CARRIER = "Demo Express Logistics";

	static final String LAB = "Demo Inspection Lab";

	static final String REGULATOR = "Demo Market Regulator";

	static final String TEA_GTIN = "06901234567892";

	static final String HONEY_GTIN = "06901234567908";

	static final String TEA_LOT = "LJ2026A";

	/** The demo tea's second lot: its cold-chain leg had an excursion. */
	static final String TEA_LOT_WARM = "LJ2026B";

	static final StorageCondition TEA_STORAGE = new StorageCondition(0.0, 5.0);

	/**
	 * The demo tins' codes: a real issuance job of the demo brand (serials pass the keyed
	 * check).
	 */
	static final String DEMO_CODE_REQUEST = "demo-tea-LJ2026A";

	static final int DEMO_ITEMS = 3;

	private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);

	private final OrganisationRepository organisationRepository;

	private final OrganisationService organisations;

	private final ApiKeyService keys;

	private final CatalogService catalog;

	private final GrantService grants;

	private final DemoEvents events;

	private final CodeIssuanceService issuance;

	private final VeritraceProperties properties;

	private final InspectionReportService inspectionReports;

	private final CodeRegistry registry;

	private final AccountService accounts;

	DemoSeeder(AccountService accounts, OrganisationRepository organisationRepository,
			OrganisationService organisations, ApiKeyService keys, CatalogService catalog, GrantService grants,
			DemoEvents events, CodeIssuanceService issuance, VeritraceProperties properties,
			InspectionReportService inspectionReports, CodeRegistry registry) {
		this.organisationRepository = organisationRepository;
		this.organisations = organisations;
		this.keys = keys;
		this.catalog = catalog;
		this.grants = grants;
		this.events = events;
		this.issuance = issuance;
		this.properties = properties;
		this.inspectionReports = inspectionReports;
		this.registry = registry;
		this.accounts = accounts;
	}

	@Override
	@Transactional
	public void run(ApplicationArguments args) {
		Organisation brand = this.organisationRepository.findByName(BRAND).orElse(null);
		if (brand == null) {
			brand = seed();
		}
		String key = brandKey(brand);
		String shown = (this.properties.demo().apiKey() != null) ? "<veritrace.demo.api-key>" : key;
		List<String> serials = this.issuance.serialsOfRequest(brand.getId(), DEMO_CODE_REQUEST, DEMO_ITEMS);
		String serial = serials.isEmpty() ? "(none)" : serials.get(0);
		String base = this.properties.publicBaseUrl();
		String logins = demoUsers();
		log.info("""

				==================== Veritrace is running (embedded default) ====================
				  Demo brand:       {} (organisation {})
				  Demo API key:     {}
				  API docs:         {}/swagger-ui.html
				  Try:              curl -H 'Authorization: Bearer {}' {}/api/v1/products
				  Demo tin codes:   {}
				  Scan page:        {}/01/{}/10/{}/21/{}   (open in a browser; ?lang=zh-CN for Chinese)
				  Item timeline:    curl -H 'Authorization: Bearer {}' {}/api/v1/timelines/items/{}/{}
				  Lot timeline:     curl -H 'Authorization: Bearer {}' {}/api/v1/timelines/lots/{}/{}
				  Cold chain:       {}/01/{}/10/{}   (a lot stored outside 0–5 °C on its way)
				  Health:           {}/actuator/health
				  Portal:           {}/portal/login   (user / password; ?lang=zh-CN for Chinese)
				{}
				==================================================================================
				""", BRAND, brand.getId(), shown, base, shown, base, String.join(", ", serials), base, TEA_GTIN,
				TEA_LOT, serial, shown, base, TEA_GTIN, serial, shown, base, TEA_GTIN, TEA_LOT, base, TEA_GTIN,
				TEA_LOT_WARM, base, base, logins);
	}

	/**
	 * One login per demo organisation (and a viewer of the brand), with the configured
	 * demo password or a new one at every start; the lines that print them.
	 */
	private String demoUsers() {
		String password = this.properties.demo().password();
		boolean fixed = password != null;
		if (password == null) {
			byte[] bytes = new byte[9];
			new java.security.SecureRandom().nextBytes(bytes);
			password = "demo-" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}
		// the regulator came with recalls (issue 14): a database seeded before has none
		// yet
		if (this.organisationRepository.findByName(REGULATOR).isEmpty()) {
			this.organisations.createUnchecked(REGULATOR, OrganisationKind.REGULATOR);
		}
		String hash = this.accounts.encodePassword(password);
		StringBuilder lines = new StringBuilder();
		for (Object[] user : new Object[][] { { BRAND, "brand@demo.example", "Wang Fang", Role.OWNER },
				{ BRAND, "viewer@demo.example", "Zhao Lei", Role.VIEWER },
				{ WAREHOUSE, "warehouse@demo.example", "Liu Yang", Role.OWNER },
				{ CARRIER, "carrier@demo.example", "Chen Jie", Role.OWNER },
				{ LAB, "lab@demo.example", "Dr. Chen Jing", Role.OWNER },
				{ REGULATOR, "regulator@demo.example", "Sun Wei", Role.OWNER } }) {
			Organisation organisation = this.organisationRepository.findByName((String) user[0]).orElseThrow();
			this.accounts.ensureUserWithHash(organisation.getId(), (String) user[1], (String) user[2], (Role) user[3],
					hash);
			lines.append(String.format("  Portal login:     %s / %s   (%s, %s)%n", user[1],
					fixed ? "<veritrace.demo.password>" : password, user[0], user[3]));
		}
		for (Organisation platform : this.organisationRepository.findByKind(OrganisationKind.PLATFORM)) {
			this.accounts.ensureUserWithHash(platform.getId(), "platform@demo.example", "Platform operator", Role.OWNER,
					hash);
			lines.append(String.format("  Portal login:     %s / %s   (%s, %s)%n", "platform@demo.example",
					fixed ? "<veritrace.demo.password>" : password, platform.getName(), Role.OWNER));
			break;
		}
		return lines.toString().stripTrailing();
	}

	private Organisation seed() {
		Organisation brand = this.organisations.createUnchecked(BRAND, OrganisationKind.BRAND);
		Organisation warehouse = this.organisations.createUnchecked(WAREHOUSE, OrganisationKind.WAREHOUSE);
		Organisation carrier = this.organisations.createUnchecked(CARRIER, OrganisationKind.LOGISTICS);
		Organisation lab = this.organisations.createUnchecked(LAB, OrganisationKind.LAB);
		Caller asBrand = new Caller(brand.getId(), brand.getName(), OrganisationKind.BRAND, 0,
				EnumSet.of(Scope.PRODUCTS_WRITE, Scope.GRANTS_MANAGE, Scope.READ, Scope.CODES_ISSUE));
		// Longjing keeps its colour and aroma in cold storage: the cold-chain leg checks
		// it
		this.catalog.createProduct(asBrand, TEA_GTIN, "West Lake Longjing green tea, 250 g", "tea",
				"Pre-Qingming harvest, Hangzhou", TEA_STORAGE);
		this.catalog.createProduct(asBrand, HONEY_GTIN, "Wild mountain honey, 500 g", "food", "Qinling mountains");
		this.catalog.createLot(asBrand, TEA_GTIN, TEA_LOT, LocalDate.of(2026, 4, 2), LocalDate.of(2028, 4, 1));
		this.catalog.createLot(asBrand, TEA_GTIN, TEA_LOT_WARM, LocalDate.of(2026, 4, 20), LocalDate.of(2028, 4, 19));
		this.catalog.createLot(asBrand, HONEY_GTIN, "HN2026-07", LocalDate.of(2026, 7, 15), LocalDate.of(2028, 7, 14));
		this.grants.grant(asBrand, warehouse.getId(), GrantRight.EVENTS, null, null);
		this.grants.grant(asBrand, carrier.getId(), GrantRight.EVENTS, null, null);
		this.grants.grant(asBrand, lab.getId(), GrantRight.REPORTS, TEA_GTIN, TEA_LOT);
		CodeJob codes = this.issuance.issueNow(asBrand, new CodeIssuanceService.IssueRequest(DEMO_CODE_REQUEST,
				TEA_GTIN, TEA_LOT, DEMO_ITEMS, CodeFormat.DIGITAL_LINK, 7, null, null));
		// applied on the packing line: a first scan of a demo tin is GENUINE
		this.registry.activateRange(asBrand, codes.id(), 1, DEMO_ITEMS);
		this.events.seed(brand.getId(), warehouse.getId(), carrier.getId(),
				this.issuance.serialsOfRequest(brand.getId(), DEMO_CODE_REQUEST, DEMO_ITEMS));
		seedInspectionReport(lab);
		for (Organisation partner : List.of(warehouse, carrier)) {
			this.keys.issue(partner, "demo partner key", EnumSet.of(Scope.EVENTS_WRITE, Scope.READ), null);
		}
		log.info(
				"Demo data seeded: brand {}, 2 products, 3 lots, code job {}, partners {}, {}, {}, one inspection report",
				brand.getId(), codes.id(), warehouse.getId(), carrier.getId(), lab.getId());
		return brand;
	}

	/**
	 * The demo lab's PASS report on the granted lot, with a small generated PDF, through
	 * the upload path.
	 */
	private void seedInspectionReport(Organisation lab) {
		Caller asLab = new Caller(lab.getId(), lab.getName(), OrganisationKind.LAB, 0,
				EnumSet.of(Scope.REPORTS_WRITE, Scope.READ));
		String metadata = """
				{"reportNumber":"DIL-2026-0415","gtin":"%s","lotNumber":"%s",
				 "sample":{"description":"3 tins of 250 g taken at the factory","quantity":"3","sampledOn":"2026-04-08"},
				 "tests":[{"name":"Lead (Pb)","method":"GB 5009.12-2017","result":"0.31","unit":"mg/kg",
				           "limit":"<= 5.0","outcome":"PASS","key":true},
				          {"name":"Pesticide residues (GB 2763 list)","method":"GB 23200.113-2018","result":"not detected",
				           "limit":"GB 2763-2021","outcome":"PASS","key":true},
				          {"name":"Moisture","method":"GB 5009.3-2016","result":"5.4","unit":"%%","limit":"<= 7.0",
				           "outcome":"PASS"}],
				 "verdict":"PASS","issuedOn":"2026-04-15","validUntil":"2028-04-01",
				 "signer":{"name":"Dr. Chen Jing","title":"Authorised signatory"}}
				"""
			.formatted(TEA_GTIN, TEA_LOT);
		byte[] pdf = demoReportPdf(LAB + " - Test report DIL-2026-0415",
				"West Lake Longjing green tea, 250 g - GTIN " + TEA_GTIN + ", lot " + TEA_LOT,
				"Lead (Pb): 0.31 mg/kg (limit 5.0) - PASS", "Pesticide residues: not detected - PASS",
				"Moisture: 5.4 % (limit 7.0) - PASS", "Verdict: PASS", "Signed: Dr. Chen Jing, 2026-04-15");
		this.inspectionReports.upload(asLab, metadata.getBytes(java.nio.charset.StandardCharsets.UTF_8),
				new InspectionReportService.IncomingDocument("application/pdf", pdf.length,
						new org.springframework.core.io.ByteArrayResource(pdf)));
	}

	/**
	 * A one-page PDF 1.4 (Helvetica, one line of text each), with a correct
	 * cross-reference table.
	 */
	static byte[] demoReportPdf(String... lines) {
		StringBuilder text = new StringBuilder("BT /F1 11 Tf 16 TL 50 790 Td");
		for (String line : lines) {
			text.append(" (")
				.append(line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)"))
				.append(") Tj T*");
		}
		text.append(" ET");
		String[] objects = { "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
				"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
						+ "/Contents 5 0 R >>",
				"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
				"<< /Length " + text.length() + " >>\nstream\n" + text + "\nendstream" };
		StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
		int[] offsets = new int[objects.length];
		for (int i = 0; i < objects.length; i++) {
			offsets[i] = pdf.length();
			pdf.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
		}
		int xref = pdf.length();
		pdf.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
		for (int offset : offsets) {
			pdf.append(String.format("%010d 00000 n \n", offset));
		}
		pdf.append("trailer\n<< /Size ")
			.append(objects.length + 1)
			.append(" /Root 1 0 R >>\nstartxref\n")
			.append(xref)
			.append("\n%%EOF\n");
		return pdf.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
	}

	private String brandKey(Organisation brand) {
		String fixed = this.properties.demo().apiKey();
		if (fixed != null && !fixed.isBlank()) {
			return this.keys.issue(brand, "demo brand key", allBrandScopes(), fixed).secret();
		}
		this.keys.revokeNamed(brand, "demo brand key");
		return this.keys.issue(brand, "demo brand key", allBrandScopes(), null).secret();
	}

	private static EnumSet<Scope> allBrandScopes() {
		return EnumSet.of(Scope.READ, Scope.EVENTS_WRITE, Scope.PRODUCTS_WRITE, Scope.CODES_ISSUE, Scope.GRANTS_MANAGE,
				Scope.KEYS_MANAGE, Scope.RECALLS_WRITE);
	}

}
