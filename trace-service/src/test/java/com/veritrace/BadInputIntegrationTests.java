package com.veritrace;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every bad input gets RFC 9457 problem details saying what was wrong; none gets a 500.
 */
@MariaDbIntegrationTest
class BadInputIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	Tenant brand;

	String gtin;

	@BeforeEach
	void brandWithAProduct() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		this.brand = api.tenant(ApiClient.unique("Brand"), "BRAND", "read", "products:write", "keys:manage");
		this.gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + this.gtin + "\",\"name\":\"P\"}", 201);
	}

	@Test
	void badGtinCheckDigitSaysWhichDigitIsExpected() throws Exception {
		String wrong = this.gtin.substring(0, 13) + ((this.gtin.charAt(13) - '0' + 1) % 10);
		send(post("/api/v1/products"), "{\"gtin\":\"" + wrong + "\",\"name\":\"P\"}").andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/validation"))
			.andExpect(jsonPath("$.errors[0].field").value("gtin"))
			.andExpect(jsonPath("$.errors[0].reason").value(containsString("should be " + this.gtin.charAt(13))));
	}

	@Test
	void shortGtinsAreNormalised() throws Exception {
		// GTIN-13 4006381333931 -> 04006381333931
		send(post("/api/v1/products"), "{\"gtin\":\"4006381333931\",\"name\":\"EAN-13 item\"}")
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/api/v1/products/04006381333931"))
			.andExpect(jsonPath("$.gtin").value("04006381333931"));
		send(get("/api/v1/products/4006381333931"), "").andExpect(status().isOk());
	}

	@Test
	void everyMissingFieldIsListed() throws Exception {
		send(post("/api/v1/products"), "{\"description\":\"" + "x".repeat(2001) + "\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.length()").value(3))
			.andExpect(jsonPath("$.errors[*].field", hasItem("gtin")))
			.andExpect(jsonPath("$.errors[*].field", hasItem("name")))
			.andExpect(jsonPath("$.errors[*].field", hasItem("description")));
	}

	@Test
	void unknownLotAndProductAre404() throws Exception {
		send(get("/api/v1/products/" + this.gtin + "/lots/NOPE"), "").andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("/problems/not-found"))
			.andExpect(jsonPath("$.detail").value("No lot 'NOPE' of GTIN " + this.gtin));
		send(get("/api/v1/products/" + ApiClient.randomGtin()), "").andExpect(status().isNotFound());
	}

	@Test
	void lotRulesAreChecked() throws Exception {
		send(post("/api/v1/products/" + this.gtin + "/lots"),
				"{\"lotNumber\":\"has space\",\"productionDate\":\"2026-05-01\",\"expiryDate\":\"2026-04-01\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field", hasItem("lotNumber")))
			.andExpect(jsonPath("$.errors[*].field", hasItem("expiryDate")));
		send(post("/api/v1/products/" + this.gtin + "/lots"), "{\"lotNumber\":\"L-1\",\"expiryDate\":\"2027-13-01\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("/problems/malformed-body"));
		send(post("/api/v1/products/" + this.gtin + "/lots"), "{\"lotNumber\":\"L-1\"}")
			.andExpect(status().isCreated());
		send(post("/api/v1/products/" + this.gtin + "/lots"), "{\"lotNumber\":\"L-1\"}")
			.andExpect(status().isConflict());
		send(patch("/api/v1/products/" + this.gtin + "/lots/L-1"), "{\"status\":\"GONE\"}")
			.andExpect(status().isBadRequest());
		send(patch("/api/v1/products/" + this.gtin + "/lots/L-1"), "{\"status\":\"RECALLED\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("status"));
		send(patch("/api/v1/products/" + this.gtin + "/lots/L-1"), "{\"status\":\"QUARANTINED\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("QUARANTINED"));
	}

	@Test
	void malformedJsonWrongTypesAndParametersAre400() throws Exception {
		send(post("/api/v1/products"), "{\"gtin\":").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("body"));
		send(post("/api/v1/products"), "[1,2]").andExpect(status().isBadRequest());
		send(get("/api/v1/products?page=-1"), "").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("page"));
		send(get("/api/v1/products?size=abc"), "").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("size"));
		send(get("/api/v1/timelines/lots/" + this.gtin + "/L1?cursor=garbage"), "").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("cursor"));
		send(get("/api/v1/organisations/notanumber"), "").andExpect(status().isBadRequest());
		send(delete("/api/v1/products"), "").andExpect(status().isMethodNotAllowed())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
		send(get("/api/v1/nothing-here"), "").andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc
			.perform(post("/api/v1/products").header("Authorization", this.brand.bearer())
				.contentType(MediaType.TEXT_PLAIN)
				.content("gtin"))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void oversizedBodyIs413() throws Exception {
		send(post("/api/v1/products"), "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}")
			.andExpect(status().isContentTooLarge())
			.andExpect(jsonPath("$.type").value("/problems/too-large"));
	}

	@Test
	void missingWrongOrRevokedKeysAre401AndMissingScopeIs403() throws Exception {
		this.mvc.perform(get("/api/v1/products"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("Bearer")))
			.andExpect(jsonPath("$.type").value("/problems/unauthorized"));
		this.mvc.perform(get("/api/v1/products").header("Authorization", "Basic dXNlcjpwYXNz"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.detail").value(containsString("Bearer")));
		this.mvc.perform(get("/api/v1/products").header("Authorization", "Bearer vt_not_a_key_at_all_0000000000"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.detail").value(containsString("unknown, has expired or has been revoked")));

		ApiClient api = new ApiClient(this.mvc);
		Tenant readOnly = api.tenant(ApiClient.unique("Reader"), "BRAND", "read");
		this.mvc
			.perform(post("/api/v1/products").header("Authorization", readOnly.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"gtin\":\"" + ApiClient.randomGtin() + "\",\"name\":\"x\"}"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.type").value("/problems/missing-scope"))
			.andExpect(jsonPath("$.detail").value(containsString("'products:write'")));

		api.call(delete("/api/v1/organisations/" + readOnly.id() + "/api-keys/" + readOnly.keyId()),
				MariaDbIntegrationTest.ADMIN_KEY, "", 200);
		this.mvc.perform(get("/api/v1/products").header("Authorization", readOnly.bearer()))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void keysAreStoredOnlyAsHashesAndCannotEscalate() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		var created = api.call(post("/api/v1/organisations/" + this.brand.id() + "/api-keys"), this.brand.key(),
				"{\"name\":\"line 3 scanner\",\"scopes\":[\"read\"]}", 201);
		String secret = created.get("key").asString();
		Map<String, Object> row = this.jdbc.queryForMap("SELECT * FROM api_key WHERE id = ?",
				created.get("id").asLong());
		assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(secret.substring(10)));
		assertThat((byte[]) row.get("secret_hash"))
			.isEqualTo(MessageDigest.getInstance("SHA-256").digest(secret.getBytes()));
		// the listing never shows the key again
		this.mvc
			.perform(get("/api/v1/organisations/" + this.brand.id() + "/api-keys").header("Authorization",
					"Bearer " + MariaDbIntegrationTest.ADMIN_KEY))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].key").doesNotExist());
		// a key cannot mint a key with scopes it lacks itself
		api.call(post("/api/v1/organisations/" + this.brand.id() + "/api-keys"), this.brand.key(),
				"{\"name\":\"x\",\"scopes\":[\"codes:issue\"]}", 403);
		api.call(post("/api/v1/organisations/" + this.brand.id() + "/api-keys"), this.brand.key(),
				"{\"name\":\"x\",\"scopes\":[\"read\",\"fly\"]}", 400);
		assertThat(HexFormat.of().formatHex((byte[]) row.get("secret_hash"))).hasSize(64);
	}

	@Test
	void onlyThePlatformCreatesOrganisations() throws Exception {
		send(post("/api/v1/organisations"), "{\"name\":\"Sneaky\",\"kind\":\"BRAND\"}")
			.andExpect(status().isForbidden());
		new ApiClient(this.mvc).call(post("/api/v1/organisations"), MariaDbIntegrationTest.ADMIN_KEY,
				"{\"name\":\"x\",\"kind\":\"SPACESHIP\"}", 400);
	}

	private org.springframework.test.web.servlet.ResultActions send(MockHttpServletRequestBuilder request, String body)
			throws Exception {
		return this.mvc.perform(request.header("Authorization", this.brand.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.content(body));
	}

}
