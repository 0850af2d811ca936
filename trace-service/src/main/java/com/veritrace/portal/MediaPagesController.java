package com.veritrace.portal;

import java.io.IOException;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Lot;
import com.veritrace.catalog.Product;
import com.veritrace.media.MediaProperties;
import com.veritrace.media.MediaService;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.TooLargeException;
import com.veritrace.shared.UnsupportedTypeException;
import com.veritrace.tenancy.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A product's and its lots' origin media (issue 21 item 1): pictures with captions, one
 * video (a file or a link), their order, and the brand's allowed video hosts. Every
 * change goes through {@link MediaService} with the person's caller; a refused upload is
 * explained next to its field in the person's words, after a redirect
 * (POST-redirect-GET).
 */
@Controller
@RequestMapping("/portal/media")
class MediaPagesController {

	private final MediaService media;

	private final CatalogService catalog;

	private final MediaProperties properties;

	MediaPagesController(MediaService media, CatalogService catalog, MediaProperties properties) {
		this.media = media;
		this.catalog = catalog;
		this.properties = properties;
	}

	@GetMapping("/{gtin}")
	String page(@AuthenticationPrincipal Caller caller, @PathVariable String gtin,
			@RequestParam(required = false) @Nullable String lot, Model model) {
		Product product = this.catalog.product(caller, gtin);
		String lotNumber = blankToNull(lot);
		List<Lot> lots = this.catalog.lotPage(caller, product.getGtin(), null, 200);
		model.addAttribute("product", product);
		model.addAttribute("lot", lotNumber);
		model.addAttribute("lots", lots);
		model.addAttribute("items", this.media.list(caller, product.getGtin(), lotNumber));
		model.addAttribute("hosts", this.media.hosts(caller));
		model.addAttribute("mine", product.getBrandId() == caller.organisationId());
		model.addAttribute("limits", this.properties);
		return "portal/catalog/media";
	}

	@PostMapping("/{gtin}/images")
	String image(@AuthenticationPrincipal Caller caller, @PathVariable String gtin,
			@RequestParam(required = false) @Nullable String lot,
			@RequestParam(name = "file", required = false) @Nullable MultipartFile file,
			@RequestParam(required = false) @Nullable String caption, RedirectAttributes redirect) throws IOException {
		String lotNumber = blankToNull(lot);
		this.catalog.requireOwned(caller, gtin);
		if (file == null || file.isEmpty()) {
			return refused(gtin, lotNumber, "image", "media.error.missing", redirect);
		}
		if (file.getSize() > this.properties.maxImageSize().toBytes()) {
			// refused before reading it into memory (the service checks again)
			return refused(gtin, lotNumber, "image", "media.error.media-too-large", redirect);
		}
		try {
			this.media.addImage(caller, gtin, lotNumber, file.getBytes(), caption);
		}
		catch (TooLargeException | UnsupportedTypeException | InvalidException | ConflictException ex) {
			return refused(gtin, lotNumber, "image", "media.error." + ex.type(), redirect);
		}
		redirect.addFlashAttribute("added", true);
		return back(gtin, lotNumber);
	}

	@PostMapping("/{gtin}/video")
	String video(@AuthenticationPrincipal Caller caller, @PathVariable String gtin,
			@RequestParam(required = false) @Nullable String lot,
			@RequestParam(name = "file", required = false) @Nullable MultipartFile file,
			@RequestParam(required = false) @Nullable String caption, RedirectAttributes redirect) {
		String lotNumber = blankToNull(lot);
		this.catalog.requireOwned(caller, gtin);
		if (file == null || file.isEmpty()) {
			return refused(gtin, lotNumber, "video", "media.error.missing", redirect);
		}
		try {
			this.media.addVideo(caller, gtin, lotNumber, file.getSize(), file, caption);
		}
		catch (TooLargeException | UnsupportedTypeException | InvalidException | ConflictException ex) {
			return refused(gtin, lotNumber, "video", "media.error." + ex.type(), redirect);
		}
		redirect.addFlashAttribute("added", true);
		return back(gtin, lotNumber);
	}

	@PostMapping("/{gtin}/link")
	String link(@AuthenticationPrincipal Caller caller, @PathVariable String gtin,
			@RequestParam(required = false) @Nullable String lot, @RequestParam(defaultValue = "") String url,
			@RequestParam(required = false) @Nullable String caption, RedirectAttributes redirect) {
		String lotNumber = blankToNull(lot);
		this.catalog.requireOwned(caller, gtin);
		try {
			this.media.addVideoLink(caller, gtin, lotNumber, url, caption);
		}
		catch (InvalidException | ConflictException ex) {
			redirect.addFlashAttribute("typedUrl", url);
			return refused(gtin, lotNumber, "link",
					ex.type().equals("validation") ? "media.error.url" : "media.error." + ex.type(), redirect);
		}
		redirect.addFlashAttribute("added", true);
		return back(gtin, lotNumber);
	}

	@PostMapping("/{gtin}/items/{id}/delete")
	String delete(@AuthenticationPrincipal Caller caller, @PathVariable String gtin, @PathVariable String id,
			@RequestParam(required = false) @Nullable String lot, RedirectAttributes redirect) {
		this.media.remove(caller, gtin, blankToNull(lot), id);
		redirect.addFlashAttribute("removed", true);
		return back(gtin, blankToNull(lot));
	}

	@PostMapping("/{gtin}/items/{id}/move")
	String move(@AuthenticationPrincipal Caller caller, @PathVariable String gtin, @PathVariable String id,
			@RequestParam(required = false) @Nullable String lot, @RequestParam(defaultValue = "0") int by) {
		this.media.move(caller, gtin, blankToNull(lot), id, by);
		return back(gtin, blankToNull(lot));
	}

	@PostMapping("/{gtin}/hosts")
	String addHost(@AuthenticationPrincipal Caller caller, @PathVariable String gtin,
			@RequestParam(required = false) @Nullable String lot, @RequestParam(defaultValue = "") String host,
			RedirectAttributes redirect) {
		this.catalog.requireOwned(caller, gtin);
		try {
			this.media.addHost(caller, host);
		}
		catch (InvalidException ex) {
			redirect.addFlashAttribute("typedHost", host);
			return refused(gtin, blankToNull(lot), "host", "media.error.host", redirect);
		}
		return back(gtin, blankToNull(lot));
	}

	@PostMapping("/{gtin}/hosts/delete")
	String removeHost(@AuthenticationPrincipal Caller caller, @PathVariable String gtin,
			@RequestParam(required = false) @Nullable String lot, @RequestParam(defaultValue = "") String host) {
		this.catalog.requireOwned(caller, gtin);
		this.media.removeHost(caller, host);
		return back(gtin, blankToNull(lot));
	}

	private static String refused(String gtin, @Nullable String lot, String field, String message,
			RedirectAttributes redirect) {
		redirect.addFlashAttribute("errorField", field);
		redirect.addFlashAttribute("error", message);
		return back(gtin, lot);
	}

	private static String back(String gtin, @Nullable String lot) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/portal/media/{gtin}");
		if (lot != null) {
			uri.queryParam("lot", lot);
		}
		return "redirect:" + uri.buildAndExpand(gtin).encode().toUriString();
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return text == null || text.isBlank() ? null : text.strip();
	}

}
