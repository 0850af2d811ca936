package com.veritrace.issuance;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.veritrace.codes.AiElement;
import com.veritrace.codes.DigitalLink;
import com.veritrace.codes.DigitalLinkOptions;
import com.veritrace.codes.Sgtin96;
import com.veritrace.shared.InvalidException;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Public code tools (no key; rate-limited per client): check a Digital Link, decode and
 * encode SGTIN-96.
 */
@RestController
@Validated
@RequestMapping("/api/v1")
@Tag(name = "Code tools (public)")
class CodeToolsApiController {

	record DigitalLinkView(String uri, String stem, AiElement primaryKey, List<AiElement> qualifiers,
			List<AiElement> attributes, Map<String, String> otherParameters, String elementString, String bracketed,
			String canonical) {
	}

	@GetMapping("/digital-link")
	@Operation(summary = "Parse a GS1 Digital Link URI (GS1 syntax engine rules; mode=lenient reads what "
			+ "digital-link.js accepts) into primary key, qualifiers, data attributes and element string")
	DigitalLinkView digitalLink(@RequestParam @Size(max = 2048) String uri,
			@RequestParam(defaultValue = "strict") String mode) {
		DigitalLinkOptions options = switch (mode) {
			case "strict" -> DigitalLinkOptions.STRICT;
			case "lenient" -> DigitalLinkOptions.LENIENT;
			default -> throw InvalidException.of("mode", "must be strict or lenient, found '" + mode + "'");
		};
		DigitalLink link = DigitalLink.parse(uri, options);
		return new DigitalLinkView(uri, link.stem(), link.primaryKey(), link.qualifiers(), link.attributes(),
				link.otherParameters(), link.elementString(), link.bracketed(), link.canonicalIdentity());
	}

	record Sgtin96View(String hex, String tagUri, String pureIdentityUri, String gtin, String serial, int filter,
			String companyPrefix, String itemReference, int partition, String digitalLink) {

		static Sgtin96View of(Sgtin96 tag) {
			return new Sgtin96View(tag.toHex(), tag.tagUri(), tag.pureIdentityUri(), tag.gtin().value(), tag.serial(),
					tag.filter(), tag.companyPrefix(), tag.itemReference(), tag.partition(),
					tag.digitalLink(null).toUri());
		}

	}

	@GetMapping("/rfid/sgtin-96/{hex}")
	@Operation(summary = "Decode a 96-bit SGTIN EPC (24 hex characters)")
	Sgtin96View decode(@PathVariable @Size(max = 64) String hex) {
		return Sgtin96View.of(Sgtin96.fromHex(hex));
	}

	record EncodeRequest(@NotBlank @Size(max = 200) String tagUri) {
	}

	@PostMapping("/rfid/sgtin-96")
	@Operation(summary = "Encode an SGTIN-96 tag URI (urn:epc:tag:sgtin-96:F.CP.IR.SER) to its 24 hex characters")
	Sgtin96View encode(@Valid @RequestBody EncodeRequest request) {
		return Sgtin96View.of(Sgtin96.fromTagUri(request.tagUri().strip()));
	}

}
