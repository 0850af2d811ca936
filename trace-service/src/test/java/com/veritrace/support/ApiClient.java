package com.veritrace.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Sets up tenants through the real API, as a platform operator would. */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final MockMvc mvc;

	public ApiClient(MockMvc mvc) {
		this.mvc = mvc;
	}

	/**
	 * A new organisation and a key for it with the given scopes: returns [organisationId,
	 * key].
	 */
	public Tenant tenant(String name, String kind, String... scopes) throws Exception {
		JsonNode org = call(post("/api/v1/organisations"), MariaDbIntegrationTest.ADMIN_KEY,
				"{\"name\":\"" + name + "\",\"kind\":\"" + kind + "\"}", 201);
		long id = org.get("id").asLong();
		StringBuilder list = new StringBuilder();
		for (String scope : scopes) {
			list.append(list.isEmpty() ? "" : ",").append('"').append(scope).append('"');
		}
		JsonNode key = call(post("/api/v1/organisations/" + id + "/api-keys"), MariaDbIntegrationTest.ADMIN_KEY,
				"{\"name\":\"test\",\"scopes\":[" + list + "]}", 201);
		return new Tenant(id, key.get("key").asString(), key.get("id").asLong());
	}

	public JsonNode call(MockHttpServletRequestBuilder request, String key, String body, int expectedStatus)
			throws Exception {
		MvcResult result = this.mvc.perform(
				request.header("Authorization", "Bearer " + key).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().is(expectedStatus))
			.andReturn();
		String text = result.getResponse().getContentAsString();
		return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
	}

	public record Tenant(long id, String key, long keyId) {

		public String bearer() {
			return "Bearer " + this.key;
		}

	}

	/** A random, valid GTIN-14 (indicator digit 0). */
	public static String randomGtin() {
		String body = "0"
				+ String.format("%012d", java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
		return body + com.veritrace.codes.Gtin.checkDigit(body, 13);
	}

	public static String unique(String prefix) {
		return prefix + " " + Long.toHexString(System.nanoTime());
	}

}
