package com.veritrace.web;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The baseline of the scan benchmark (deploy/bench/scan.sh): the cheapest Spring MVC
 * endpoint, through the same filters and security chain. Exists only with
 * {@code veritrace.bench.bare-endpoint=true}.
 */
@RestController
@Hidden
@ConditionalOnProperty(name = "veritrace.bench.bare-endpoint", havingValue = "true")
class BareBenchmarkController {

	@GetMapping("/bench/bare")
	String bare() {
		return "ok";
	}

}
