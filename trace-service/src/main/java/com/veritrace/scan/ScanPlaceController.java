package com.veritrace.scan;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The scan page's optional place: the phone's approximate area, rounded on the phone,
 * added to the scan that produced the page (which carries the place token) without
 * scanning again. Public, rate-limited like the other public endpoints, body capped at 1
 * KB; the token is its CSRF defence (no cookie is involved).
 */
@RestController
@Hidden
class ScanPlaceController {

	private final ScanService scans;

	ScanPlaceController(ScanService scans) {
		this.scans = scans;
	}

	/**
	 * {@code token}: the page's place token; {@code cell}: {@code "<lat>,<lon>"}, each
	 * rounded to one decimal.
	 */
	record PlaceRequest(@Nullable String token, @Nullable String cell) {
	}

	@PostMapping(path = ScanConfiguration.PLACE_PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ScanResult.Placed> place(@RequestBody PlaceRequest body, HttpServletRequest request) {
		return ResponseEntity.ok()
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(this.scans.place(body.token(), body.cell(), ScanPageController.deviceCookie(request),
					RequestContextUtils.getLocale(request)));
	}

	/** {@code token}: the page's token. */
	record SeenRequest(@Nullable String token) {
	}

	/**
	 * The page's script ran: confirms the scan its token was issued for, as the device
	 * cookie's client (set by the script before it calls).
	 */
	@PostMapping(path = ScanConfiguration.SEEN_PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ScanResult.Placed> seen(@RequestBody SeenRequest body, HttpServletRequest request) {
		return ResponseEntity.ok()
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(this.scans.seen(body.token(), ScanPageController.deviceCookie(request),
					RequestContextUtils.getLocale(request)));
	}

}
