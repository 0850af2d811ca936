package com.veritrace.inspection;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LabConnectionTests {

	@Test
	void toStringNamesTheLabButNotTheSecret() {
		LabConnection connection = LabConnection.of(URI.create("https://lab.example/api/"), "shared-secret-0123456789");
		assertThat(connection.secret()).isEqualTo("shared-secret-0123456789");
		assertThat(connection.toString()).contains("lab.example").doesNotContain("shared-secret-0123456789");
	}

}
