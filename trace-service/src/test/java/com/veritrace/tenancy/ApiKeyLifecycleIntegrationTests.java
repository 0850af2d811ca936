package com.veritrace.tenancy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.veritrace.support.ApiClient;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * API keys: listing needs 'keys:manage', keys expire, their last use is shown, the
 * bootstrap key rotates, and a node starting during another's bootstrap waits for it.
 */
@MariaDbIntegrationTest
class ApiKeyLifecycleIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApiKeyService keys;

	@Autowired
	OrganisationRepository organisations;

	@Autowired
	PlatformBootstrap bootstrap;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Test
	void listingKeysNeedsKeysManage() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		ApiClient.Tenant reader = api.tenant(ApiClient.unique("Key reader"), "BRAND", "read");
		api.call(get("/api/v1/organisations/" + reader.id() + "/api-keys"), reader.key(), "", 403);
		ApiClient.Tenant manager = api.tenant(ApiClient.unique("Key manager"), "BRAND", "read", "keys:manage");
		JsonNode listed = api.call(get("/api/v1/organisations/" + manager.id() + "/api-keys"), manager.key(), "", 200);
		assertThat(listed).hasSize(1);
		assertThat(listed.get(0).has("key")).isFalse();
		// another organisation's keys: not even with keys:manage, and answered as for an
		// organisation that is not there
		JsonNode hidden = api.call(get("/api/v1/organisations/" + reader.id() + "/api-keys"), manager.key(), "", 404);
		assertThat(hidden.get("detail").asString()).isEqualTo("No organisation " + reader.id());
	}

	@Test
	void aKeyStopsWorkingWhenItExpiresAndShowsItsLastUse() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		ApiClient.Tenant owner = api.tenant(ApiClient.unique("Expiring keys"), "BRAND", "read", "keys:manage");
		api.call(post("/api/v1/organisations/" + owner.id() + "/api-keys"), owner.key(),
				"{\"name\":\"past\",\"scopes\":[\"read\"],\"expiresAt\":\"2020-01-01T00:00:00Z\"}", 400);
		Instant soon = Instant.now().plusSeconds(3600);
		JsonNode created = api.call(post("/api/v1/organisations/" + owner.id() + "/api-keys"), owner.key(),
				"{\"name\":\"short-lived\",\"scopes\":[\"read\"],\"expiresAt\":\"" + soon + "\"}", 201);
		String key = created.get("key").asString();
		assertThat(Instant.parse(created.get("expiresAt").asString())).isEqualTo(soon);
		assertThat(created.has("lastUsedAt")).isFalse();

		api.call(get("/api/v1/organisations/me"), key, "", 200);
		JsonNode listed = api.call(get("/api/v1/organisations/" + owner.id() + "/api-keys"), owner.key(), "", 200);
		JsonNode shortLived = null;
		for (JsonNode k : listed) {
			if (k.get("id").asLong() == created.get("id").asLong()) {
				shortLived = k;
			}
		}
		assertThat(shortLived).isNotNull();
		assertThat(Instant.parse(shortLived.get("lastUsedAt").asString())).isAfter(Instant.now().minusSeconds(120));

		// an hour later (moved in the database): refused like a revoked key
		this.jdbc.update("UPDATE api_key SET expires_at = ? WHERE id = ?",
				java.sql.Timestamp.from(Instant.now().minusSeconds(1)), created.get("id").asLong());
		api.call(get("/api/v1/organisations/me"), key, "", 401);
	}

	@Test
	void aChangedBootstrapKeyRevokesTheEarlierOne() throws Exception {
		Organisation platform = this.organisations.findByKind(OrganisationKind.PLATFORM).get(0);
		Set<Scope> admin = EnumSet.of(Scope.ADMIN, Scope.READ, Scope.KEYS_MANAGE);
		String first = "rotation-old-key-" + System.nanoTime() + "-0123456789";
		String second = "rotation-new-key-" + System.nanoTime() + "-0123456789";
		long oldId = this.keys.issue(platform, "rotation test", admin, first).key().getId();
		assertThat(this.keys.authenticate(first)).isPresent();
		long newId = this.keys.issue(platform, "rotation test", admin, second).key().getId();
		assertThat(this.keys.revokeNamedExcept(platform, "rotation test", newId)).isEqualTo(1);
		assertThat(this.keys.authenticate(first)).isEmpty();
		assertThat(this.keys.authenticate(second)).isPresent();
		assertThat(oldId).isNotEqualTo(newId);
	}

	@Test
	void aNodeStartingWhileAnotherBootstrapsWaitsForItsCommit() throws Exception {
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
		CountDownLatch locked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService nodes = Executors.newFixedThreadPool(2);
		try {
			// another node in the middle of its bootstrap
			Future<?> other = nodes.submit(() -> transaction.executeWithoutResult((status) -> {
				this.jdbc.queryForObject("SELECT id FROM bootstrap_lock WHERE id = 1 FOR UPDATE", Integer.class);
				locked.countDown();
				try {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
			assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
			Future<?> starting = nodes.submit(() -> this.bootstrap.run(new DefaultApplicationArguments()));
			Thread.sleep(1_000);
			assertThat(starting).as("waits while the other node holds the bootstrap lock").isNotDone();
			release.countDown();
			other.get(10, TimeUnit.SECONDS);
			starting.get(30, TimeUnit.SECONDS);
		}
		finally {
			release.countDown();
			nodes.shutdownNow();
		}
		// then finds what was there: one operator, and the configured key issued once and
		// still valid
		List<Organisation> platforms = this.organisations.findByKind(OrganisationKind.PLATFORM);
		assertThat(platforms).hasSize(1);
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM api_key WHERE organisation_id = ? AND name = ? " + "AND revoked_at IS NULL",
				Integer.class, platforms.get(0).getId(), PlatformBootstrap.KEY_NAME))
			.isEqualTo(1);
		assertThat(this.keys.authenticate(MariaDbIntegrationTest.ADMIN_KEY)).isPresent();
	}

	@Test
	void aGeneratedAdminKeyIsWrittenForTheOwnerOnly() throws Exception {
		Path dir = Files.createTempDirectory("admin-key");
		Path file = dir.resolve("nested").resolve("bootstrap-admin-key");
		PlatformBootstrap.writeOwnerOnly(file, "vt_secret-value");
		assertThat(Files.readString(file)).isEqualTo("vt_secret-value" + System.lineSeparator());
		assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE);
		// a second start that generates again replaces it
		PlatformBootstrap.writeOwnerOnly(file, "vt_other");
		assertThat(Files.readString(file)).startsWith("vt_other");
	}

}
