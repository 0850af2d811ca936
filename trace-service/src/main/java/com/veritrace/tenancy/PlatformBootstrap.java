package com.veritrace.tenancy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.VeritraceProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates the platform operator on first start, with an admin key. A generated key is
 * written once to {@code veritrace.bootstrap.admin-key-file}, readable by the service's
 * user only, and never logged; {@code veritrace.bootstrap.admin-key} fixes its value
 * instead, and a changed value revokes the earlier bootstrap keys (rotation: set the new
 * value, restart every node).
 * <p>
 * Nodes may start at the same moment on one database (a Kubernetes rollout starts its
 * pods together). The whole run holds a lock on the one row of {@code bootstrap_lock},
 * taken before anything is read: the second node waits for the first to commit, then
 * finds the platform operator and the configured key it made, instead of creating a
 * second operator or revoking the key the first just issued.
 */
@Component
@Order(0)
class PlatformBootstrap implements ApplicationRunner {

	static final String PLATFORM_NAME = "Veritrace Platform";

	static final String KEY_NAME = "bootstrap admin";

	private static final Set<Scope> ADMIN_SCOPES = EnumSet.of(Scope.ADMIN, Scope.READ, Scope.KEYS_MANAGE);

	private static final Logger log = LoggerFactory.getLogger(PlatformBootstrap.class);

	private final OrganisationRepository organisations;

	private final OrganisationService organisationService;

	private final ApiKeyService keys;

	private final VeritraceProperties properties;

	private final JdbcTemplate jdbc;

	PlatformBootstrap(OrganisationRepository organisations, OrganisationService organisationService, ApiKeyService keys,
			VeritraceProperties properties, JdbcTemplate jdbc) {
		this.organisations = organisations;
		this.organisationService = organisationService;
		this.keys = keys;
		this.properties = properties;
		this.jdbc = jdbc;
	}

	@Override
	@Transactional
	public void run(ApplicationArguments args) {
		// first statement of the transaction: a locking read does not open InnoDB's
		// snapshot, so the reads below see what a node that held the lock committed
		this.jdbc.queryForObject("SELECT id FROM bootstrap_lock WHERE id = 1 FOR UPDATE", Integer.class);
		List<Organisation> platforms = this.organisations.findByKind(OrganisationKind.PLATFORM);
		String fixed = this.properties.bootstrap().adminKey();
		if (platforms.isEmpty()) {
			Organisation platform = this.organisationService.createUnchecked(PLATFORM_NAME, OrganisationKind.PLATFORM);
			ApiKeyService.IssuedKey key = this.keys.issue(platform, KEY_NAME, ADMIN_SCOPES, fixed);
			if (fixed == null) {
				Path file = this.properties.bootstrap().adminKeyFile();
				writeOwnerOnly(file, key.secret());
				log.warn(
						"Platform operator created. Its admin API key ({}...) was written to {}, readable by this "
								+ "user only: keep it in a secret store and delete the file",
						key.key().getDisplayPrefix(), file.toAbsolutePath());
			}
			else {
				log.info("Platform operator created with the configured admin key");
			}
		}
		else if (fixed != null) {
			ApiKeyService.IssuedKey key = this.keys.issue(platforms.get(0), KEY_NAME, ADMIN_SCOPES, fixed);
			int revoked = this.keys.revokeNamedExcept(platforms.get(0), KEY_NAME, key.key().getId());
			if (revoked > 0) {
				log.warn("The configured admin key changed: {} earlier bootstrap admin key(s) revoked", revoked);
			}
		}
	}

	static void writeOwnerOnly(Path file, String secret) {
		try {
			Path parent = file.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			Files.deleteIfExists(file);
			if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
				Files.createFile(file,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			else {
				Files.createFile(file);
			}
			Files.writeString(file, secret + System.lineSeparator(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the platform admin key to " + file
					+ ": set veritrace.bootstrap.admin-key-file to a writable path, or veritrace.bootstrap.admin-key",
					ex);
		}
	}

}
