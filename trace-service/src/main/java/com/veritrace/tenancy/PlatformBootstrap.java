package com.veritrace.tenancy;

import java.util.EnumSet;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.VeritraceProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates the platform operator on first start, with an admin key. The key is printed once;
 * {@code veritrace.bootstrap.admin-key} fixes its value instead.
 */
@Component
@Order(0)
class PlatformBootstrap implements ApplicationRunner {

	static final String PLATFORM_NAME = "Veritrace Platform";

	private static final Logger log = LoggerFactory.getLogger(PlatformBootstrap.class);

	private final OrganisationRepository organisations;

	private final OrganisationService organisationService;

	private final ApiKeyService keys;

	private final VeritraceProperties properties;

	PlatformBootstrap(OrganisationRepository organisations, OrganisationService organisationService,
			ApiKeyService keys, VeritraceProperties properties) {
		this.organisations = organisations;
		this.organisationService = organisationService;
		this.keys = keys;
		this.properties = properties;
	}

	@Override
	@Transactional
	public void run(ApplicationArguments args) {
		List<Organisation> platforms = this.organisations.findByKind(OrganisationKind.PLATFORM);
		String fixed = this.properties.bootstrap().adminKey();
		if (platforms.isEmpty()) {
			Organisation platform = this.organisationService.createUnchecked(PLATFORM_NAME, OrganisationKind.PLATFORM);
			ApiKeyService.IssuedKey key = this.keys.issue(platform, "bootstrap admin",
					EnumSet.of(Scope.ADMIN, Scope.READ, Scope.KEYS_MANAGE), fixed);
			if (fixed == null) {
				log.warn("Platform operator created. Its admin API key, shown only now: {}", key.secret());
			}
			else {
				log.info("Platform operator created with the configured admin key");
			}
		}
		else if (fixed != null) {
			this.keys.issue(platforms.get(0), "bootstrap admin", EnumSet.of(Scope.ADMIN, Scope.READ, Scope.KEYS_MANAGE),
					fixed);
		}
	}

}
