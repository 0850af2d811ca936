package com.veritrace.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI veritraceOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Veritrace API")
				.version("v1")
				.description("Supply-chain traceability: organisations, API keys, partner grants, products, lots, "
						+ "EPCIS events and timelines. Errors are RFC 9457 problem details with an 'errors' list."))
			.components(new Components().addSecuritySchemes("apiKey",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").description("API key")));
	}

}
