package com.veritrace.demo;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.VeritraceProperties;
import com.veritrace.catalog.CatalogService;
import com.veritrace.partners.GrantRight;
import com.veritrace.partners.GrantService;
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
 * Seeds the embedded default with a demo brand, its partners, products, lots and events, and
 * prints what to open. The demo brand's key is new at every start unless
 * {@code veritrace.demo.api-key} fixes it.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "veritrace.demo.enabled", havingValue = "true")
class DemoSeeder implements ApplicationRunner {

	static final String BRAND = "Demo Tea Co.";

	static final String WAREHOUSE = "Demo Warehouse Ltd.";

	static final String CARRIER = "Demo Express Logistics";

	static final String LAB = "Demo Inspection Lab";

	static final String TEA_GTIN = "06901234567892";

	static final String HONEY_GTIN = "06901234567908";

	static final String TEA_LOT = "LJ2026A";

	static final String DEMO_SERIAL = "K7M3QX9TWD2P";

	private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);

	private final OrganisationRepository organisationRepository;

	private final OrganisationService organisations;

	private final ApiKeyService keys;

	private final CatalogService catalog;

	private final GrantService grants;

	private final DemoEvents events;

	private final VeritraceProperties properties;

	DemoSeeder(OrganisationRepository organisationRepository, OrganisationService organisations, ApiKeyService keys,
			CatalogService catalog, GrantService grants,
			DemoEvents events, VeritraceProperties properties) {
		this.organisationRepository = organisationRepository;
		this.organisations = organisations;
		this.keys = keys;
		this.catalog = catalog;
		this.grants = grants;
		this.events = events;
		this.properties = properties;
	}

	@Override
	@Transactional
	public void run(ApplicationArguments args) {
		Organisation brand = this.organisationRepository.findByName(BRAND).orElse(null);
		if (brand == null) {
			brand = seed();
		}
		String key = brandKey(brand);
		String base = this.properties.publicBaseUrl();
		log.info("""

				==================== Veritrace is running (embedded default) ====================
				  Demo brand:       {} (organisation {})
				  Demo API key:     {}
				  API docs:         {}/swagger-ui.html
				  Try:              curl -H 'Authorization: Bearer {}' {}/api/v1/products
				  Item timeline:    curl -H 'Authorization: Bearer {}' '{}/api/v1/timelines/items/{}/{}?lot={}'
				  Lot timeline:     curl -H 'Authorization: Bearer {}' {}/api/v1/timelines/lots/{}/{}
				  Health:           {}/actuator/health
				==================================================================================
				""", BRAND, brand.getId(), key, base, key, base, key, base, TEA_GTIN, DEMO_SERIAL,
				TEA_LOT, key, base, TEA_GTIN, TEA_LOT, base);
	}

	private Organisation seed() {
		Organisation brand = this.organisations.createUnchecked(BRAND, OrganisationKind.BRAND);
		Organisation warehouse = this.organisations.createUnchecked(WAREHOUSE, OrganisationKind.WAREHOUSE);
		Organisation carrier = this.organisations.createUnchecked(CARRIER, OrganisationKind.LOGISTICS);
		Organisation lab = this.organisations.createUnchecked(LAB, OrganisationKind.LAB);
		Caller asBrand = new Caller(brand.getId(), brand.getName(), OrganisationKind.BRAND, 0,
				EnumSet.of(Scope.PRODUCTS_WRITE, Scope.GRANTS_MANAGE, Scope.READ));
		this.catalog.createProduct(asBrand, TEA_GTIN, "West Lake Longjing green tea, 250 g", "tea",
				"Pre-Qingming harvest, Hangzhou");
		this.catalog.createProduct(asBrand, HONEY_GTIN, "Wild mountain honey, 500 g", "food", "Qinling mountains");
		this.catalog.createLot(asBrand, TEA_GTIN, TEA_LOT, LocalDate.of(2026, 4, 2),
				LocalDate.of(2028, 4, 1));
		this.catalog.createLot(asBrand, TEA_GTIN, "LJ2026B", LocalDate.of(2026, 4, 20), LocalDate.of(2028, 4, 19));
		this.catalog.createLot(asBrand, HONEY_GTIN, "HN2026-07", LocalDate.of(2026, 7, 15),
				LocalDate.of(2028, 7, 14));
		this.grants.grant(asBrand, warehouse.getId(), GrantRight.EVENTS, null, null);
		this.grants.grant(asBrand, carrier.getId(), GrantRight.EVENTS, null, null);
		this.grants.grant(asBrand, lab.getId(), GrantRight.REPORTS, TEA_GTIN, TEA_LOT);
		this.events.seed(brand.getId(), warehouse.getId(), carrier.getId());
		for (Organisation partner : List.of(warehouse, carrier)) {
			this.keys.issue(partner, "demo partner key", EnumSet.of(Scope.EVENTS_WRITE, Scope.READ), null);
		}
		log.info("Demo data seeded: brand {}, 2 products, 3 lots, partners {}, {}, {}", brand.getId(),
				warehouse.getId(), carrier.getId(), lab.getId());
		return brand;
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
		return EnumSet.of(Scope.READ, Scope.EVENTS_WRITE, Scope.PRODUCTS_WRITE, Scope.CODES_ISSUE,
				Scope.GRANTS_MANAGE, Scope.KEYS_MANAGE);
	}

}
