package com.veritrace.nfc;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import com.veritrace.tenancy.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/nfc")
@Tag(name = "NFC tags")
@SecurityRequirement(name = "apiKey")
class NfcTagApiController {

	private final NfcTagService tags;

	NfcTagApiController(NfcTagService tags) {
		this.tags = tags;
	}

	/** A registration: the chips and the profile they are programmed with. */
	record Registration(@Nullable String profile, @Nullable List<NfcTagService.TagInput> tags) {
	}

	/** A brand's AN10922 master key (32 hex digits). */
	record MasterKey(@Nullable String masterKey) {

		@Override
		public String toString() {
			return "MasterKey[…]";
		}

	}

	/** A page of chips; {@code next}: the cursor (after) of the next page, or null. */
	record TagPage(List<NfcTagService.TagView> items, @Nullable String next) {
	}

	@PostMapping("/tags")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Register chips (codes:issue): UID, item code and SDM keys, given or derived from the "
			+ "brand's master key; keys are never answered")
	NfcTagService.Registered register(@AuthenticationPrincipal Caller caller, @RequestBody Registration body) {
		return this.tags.register(caller, body.profile(), body.tags());
	}

	@PutMapping("/master-key")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Set the brand's AN10922 master key (codes:issue), from which chips' keys are derived")
	void masterKey(@AuthenticationPrincipal Caller caller, @RequestBody MasterKey body) {
		this.tags.setMasterKey(caller, body.masterKey());
	}

	@GetMapping("/tags/{uid}")
	@Operation(summary = "One chip of the brand: its item, profile and taps (another brand's chip is 404)")
	NfcTagService.TagView tag(@AuthenticationPrincipal Caller caller, @PathVariable String uid) {
		return this.tags.tag(caller, uid);
	}

	@GetMapping("/tags")
	@Operation(summary = "The brand's chips by UID (keyset: after = the last page's next)")
	TagPage list(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable String after,
			@RequestParam(defaultValue = "100") int limit) {
		List<NfcTagService.TagView> items = this.tags.page(caller, after, limit);
		return new TagPage(items,
				items.size() == Math.max(1, Math.min(limit, 1000)) ? items.get(items.size() - 1).uid() : null);
	}

}
