package com.veritrace.portal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Product;
import com.veritrace.events.EventBrowser;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.shared.DomainException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.OrganisationRepository;
import com.veritrace.tenancy.OrganisationService;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/**
 * The regulator's console: one search across brands by item code, GTIN, lot number or
 * brand name, and a brand's products. It only reads: the results lead to the pages every
 * reader has (a product and its lots, an item's or a lot's journey), and from a lot to
 * the recall form, the one way a regulator changes a brand's data. Other people get 404
 * here, as for a page that does not exist.
 */
@Controller
@RequestMapping("/portal/regulator")
class RegulatorPagesController {

	static final int RESULTS = 25;

	/** A GTIN and a serial typed apart: "06901234567892 A1B2C3". */
	private static final Pattern GTIN_AND_SERIAL = Pattern.compile("^(\\d{8,14})\\s+(\\S{1,20})$");

	/** What a search looks for. */
	enum By {

		ANY, CODE, GTIN, LOT, BRAND

	}

	private final CatalogService catalog;

	private final CodeRegistry registry;

	private final OrganisationService organisations;

	private final OrganisationRepository organisationNames;

	RegulatorPagesController(CatalogService catalog, CodeRegistry registry, OrganisationService organisations,
			OrganisationRepository organisationNames) {
		this.catalog = catalog;
		this.registry = registry;
		this.organisations = organisations;
		this.organisationNames = organisationNames;
	}

	/** An item found by its code: its product and registry entry. */
	public record ItemHit(Product product, CodeRegistry.Entry entry, String journey) {
	}

	@GetMapping({ "", "/" })
	String console(@AuthenticationPrincipal Caller caller) {
		requireRegulator(caller);
		return "redirect:/portal/regulator/search";
	}

	@GetMapping("/search")
	String search(@AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = "") String q,
			@RequestParam(defaultValue = "ANY") String by, Model model) {
		requireRegulator(caller);
		By what = By.ANY;
		for (By b : By.values()) {
			if (b.name().equalsIgnoreCase(by)) {
				what = b;
			}
		}
		String text = q.strip();
		model.addAttribute("q", text);
		model.addAttribute("by", what.name());
		model.addAttribute("kinds", By.values());
		List<ItemHit> items = new ArrayList<>();
		List<Product> products = new ArrayList<>();
		List<CatalogService.LotOfProduct> lots = new ArrayList<>();
		List<Organisation> brands = new ArrayList<>();
		String error = null;
		if (!text.isEmpty()) {
			if (what == By.CODE || what == By.ANY) {
				try {
					item(caller, text).ifPresent(items::add);
				}
				catch (DomainException ex) {
					error = what == By.CODE ? reason(ex) : error;
				}
			}
			if (what == By.GTIN || what == By.ANY && text.chars().allMatch(Character::isDigit)) {
				try {
					products.add(this.catalog.product(caller, text));
				}
				catch (NotFoundException ex) {
					// none: said as "nothing found"
				}
				catch (DomainException ex) {
					error = what == By.GTIN ? reason(ex) : error;
				}
			}
			if ((what == By.LOT || what == By.ANY) && text.length() <= 20) {
				lots.addAll(this.catalog.findLots(caller, text, RESULTS));
			}
			if (what == By.BRAND || what == By.ANY) {
				brands.addAll(this.organisations.brands(caller, text, RESULTS));
			}
		}
		model.addAttribute("searched", !text.isEmpty());
		model.addAttribute("error", error);
		model.addAttribute("items", items);
		model.addAttribute("products", products);
		model.addAttribute("lots", lots);
		model.addAttribute("brands", brands);
		List<Long> brandIds = new ArrayList<>();
		items.forEach(i -> brandIds.add(i.product().getBrandId()));
		products.forEach(p -> brandIds.add(p.getBrandId()));
		lots.forEach(l -> brandIds.add(l.product().getBrandId()));
		model.addAttribute("brandNames", names(brandIds));
		return "portal/regulator/search";
	}

	/** A brand's products, by name (keyset pages). */
	@GetMapping("/brands/{id}")
	String brand(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@RequestParam(required = false) @Nullable String afterName, @RequestParam(defaultValue = "0") long afterId,
			Model model) {
		requireRegulator(caller);
		Organisation brand = this.organisations.get(caller, id);
		if (brand.getKind() != OrganisationKind.BRAND) {
			throw NotFoundException.of("Organisation", "No brand " + id);
		}
		List<Product> page = this.catalog.brandProductPage(caller, id, afterName, afterId, RESULTS + 1);
		boolean more = page.size() > RESULTS;
		List<Product> shown = more ? page.subList(0, RESULTS) : page;
		model.addAttribute("brand", brand);
		model.addAttribute("products", shown);
		Product last = more ? shown.get(RESULTS - 1) : null;
		model.addAttribute("next", last == null ? null : "/portal/regulator/brands/" + id + "?afterName="
				+ UriUtils.encodeQueryParam(last.getName(), "UTF-8") + "&afterId=" + last.getId());
		return "portal/regulator/brand";
	}

	/**
	 * The item a code names (a Digital Link, an EPC URN, SGTIN-96 hex, or a GTIN and a
	 * serial), if it is of a registered product.
	 */
	private java.util.Optional<ItemHit> item(Caller caller, String text) {
		Matcher apart = GTIN_AND_SERIAL.matcher(text);
		EventBrowser.Item item = apart.matches()
				? new EventBrowser.Item(CatalogService.gtin(apart.group(1)), apart.group(2)) : EventBrowser.item(text);
		Product product;
		try {
			product = this.catalog.product(caller, item.gtin());
		}
		catch (NotFoundException ex) {
			return java.util.Optional.empty();
		}
		CodeRegistry.Entry entry = this.registry.entry(caller, product.getGtin(), item.serial());
		return java.util.Optional.of(new ItemHit(product, entry, EventPagesController.itemPath(item)));
	}

	private Map<Long, String> names(List<Long> ids) {
		Map<Long, String> names = new HashMap<>();
		for (Organisation o : this.organisationNames.findAllById(ids.stream().distinct().toList())) {
			names.put(o.getId(), o.getName());
		}
		return names;
	}

	private static String reason(DomainException ex) {
		return ex.errors().isEmpty() ? ex.detail() : ex.errors().get(0).reason();
	}

	/** The console is a regulator's: 404 for anyone else, as for a page that is not. */
	static void requireRegulator(Caller caller) {
		if (caller.kind() != OrganisationKind.REGULATOR) {
			throw NotFoundException.of("Page", "No such page");
		}
	}

}
