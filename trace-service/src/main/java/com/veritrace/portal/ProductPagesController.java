package com.veritrace.portal;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Lot;
import com.veritrace.catalog.Product;
import com.veritrace.catalog.StorageCondition;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.TooLargeException;
import com.veritrace.shared.UnsupportedTypeException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A brand's products and their lots: list (keyset pages, search by name or GTIN), create,
 * edit, deactivate and reactivate, the product's picture; a product's lots: list and
 * create. Every change goes through {@link CatalogService} with the person's caller, as
 * the REST API's do; the forms' mistakes are explained next to their fields in the
 * person's language.
 */
@Controller
@RequestMapping("/portal/products")
class ProductPagesController {

	static final int PAGE = 25;

	private final CatalogService catalog;

	private final DashboardCounts counts;

	ProductPagesController(CatalogService catalog, DashboardCounts counts) {
		this.catalog = catalog;
		this.counts = counts;
	}

	/** A new product. */
	public static class ProductForm {

		private String gtin = "";

		private String name = "";

		private String category = "";

		private String description = "";

		/** The storage condition's ends (°C) as typed; blank: open. */
		private String storageMinCelsius = "";

		private String storageMaxCelsius = "";

		public String getStorageMinCelsius() {
			return this.storageMinCelsius;
		}

		public void setStorageMinCelsius(String storageMinCelsius) {
			this.storageMinCelsius = storageMinCelsius;
		}

		public String getStorageMaxCelsius() {
			return this.storageMaxCelsius;
		}

		public void setStorageMaxCelsius(String storageMaxCelsius) {
			this.storageMaxCelsius = storageMaxCelsius;
		}

		public String getGtin() {
			return this.gtin;
		}

		public void setGtin(String gtin) {
			this.gtin = gtin;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getCategory() {
			return this.category;
		}

		public void setCategory(String category) {
			this.category = category;
		}

		public String getDescription() {
			return this.description;
		}

		public void setDescription(String description) {
			this.description = description;
		}

		static ProductForm of(Product product) {
			ProductForm form = new ProductForm();
			form.gtin = product.getGtin();
			form.name = product.getName();
			form.category = product.getCategory() == null ? "" : product.getCategory();
			form.description = product.getDescription() == null ? "" : product.getDescription();
			StorageCondition storage = product.getStorage();
			form.storageMinCelsius = storage.minCelsius() == null ? "" : StorageCondition.format(storage.minCelsius());
			form.storageMaxCelsius = storage.maxCelsius() == null ? "" : StorageCondition.format(storage.maxCelsius());
			return form;
		}

	}

	/** A new lot; dates as typed (a date input sends yyyy-MM-dd). */
	public static class LotForm {

		private String lotNumber = "";

		private String productionDate = "";

		private String expiryDate = "";

		public String getLotNumber() {
			return this.lotNumber;
		}

		public void setLotNumber(String lotNumber) {
			this.lotNumber = lotNumber;
		}

		public String getProductionDate() {
			return this.productionDate;
		}

		public void setProductionDate(String productionDate) {
			this.productionDate = productionDate;
		}

		public String getExpiryDate() {
			return this.expiryDate;
		}

		public void setExpiryDate(String expiryDate) {
			this.expiryDate = expiryDate;
		}

	}

	@GetMapping
	String list(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String afterName, @RequestParam(defaultValue = "0") long afterId,
			Model model) {
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new ProductForm());
		}
		return listPage(caller, q, afterName, afterId, model);
	}

	private String listPage(Caller caller, @Nullable String q, @Nullable String afterName, long afterId, Model model) {
		List<Product> products = this.catalog.productPage(caller, q, afterName, afterId, PAGE + 1);
		boolean more = products.size() > PAGE;
		List<Product> shown = more ? products.subList(0, PAGE) : products;
		model.addAttribute("products", shown);
		model.addAttribute("q", q);
		model.addAttribute("next", more ? shown.get(PAGE - 1) : null);
		return "portal/catalog/products";
	}

	@PostMapping
	String create(@AuthenticationPrincipal Caller caller, @ModelAttribute("form") ProductForm form,
			BindingResult result, Model model) {
		caller.require(Scope.PRODUCTS_WRITE);
		checkGtin(form.getGtin(), result);
		checkText(form, result);
		StorageCondition storage = storage(form, result);
		if (!result.hasErrors()) {
			try {
				Product product = this.catalog.createProduct(caller, form.getGtin(), form.getName(),
						blankToNull(form.getCategory()), blankToNull(form.getDescription()), storage);
				this.counts.forget(caller.organisationId());
				return "redirect:/portal/products/" + product.getGtin() + "?created";
			}
			catch (InvalidException ex) {
				Forms.reject(result, ex);
			}
			catch (ConflictException ex) {
				result.rejectValue("gtin", "catalog.product.gtin.taken");
			}
		}
		return listPage(caller, null, null, 0, model);
	}

	@GetMapping("/{gtin}")
	String product(@AuthenticationPrincipal Caller caller, @PathVariable String gtin,
			@RequestParam(required = false) @Nullable String afterLot, Model model) {
		Product product = this.catalog.product(caller, gtin);
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", ProductForm.of(product));
		}
		if (!model.containsAttribute("lotForm")) {
			model.addAttribute("lotForm", new LotForm());
		}
		return productPage(caller, product, afterLot, model);
	}

	private String productPage(Caller caller, Product product, @Nullable String afterLot, Model model) {
		List<Lot> lots = this.catalog.lotPage(caller, product.getGtin(), afterLot, PAGE + 1);
		boolean more = lots.size() > PAGE;
		List<Lot> shown = more ? lots.subList(0, PAGE) : lots;
		model.addAttribute("product", product);
		model.addAttribute("lots", shown);
		model.addAttribute("nextLot", more ? shown.get(PAGE - 1).getLotNumber() : null);
		model.addAttribute("mine", product.getBrandId() == caller.organisationId());
		return "portal/catalog/product";
	}

	@PostMapping("/{gtin}")
	String edit(@AuthenticationPrincipal Caller caller, @PathVariable String gtin,
			@ModelAttribute("form") ProductForm form, BindingResult result, Model model, RedirectAttributes redirect) {
		caller.require(Scope.PRODUCTS_WRITE);
		Product product = this.catalog.product(caller, gtin);
		checkText(form, result);
		StorageCondition storage = storage(form, result);
		if (!result.hasErrors()) {
			try {
				this.catalog.updateProduct(caller, gtin, form.getName(), blankToNull(form.getCategory()),
						blankToNull(form.getDescription()), storage);
				redirect.addFlashAttribute("saved", true);
				return "redirect:/portal/products/" + product.getGtin();
			}
			catch (InvalidException ex) {
				Forms.reject(result, ex);
			}
		}
		model.addAttribute("lotForm", new LotForm());
		return productPage(caller, product, null, model);
	}

	@PostMapping("/{gtin}/deactivate")
	String deactivate(@AuthenticationPrincipal Caller caller, @PathVariable String gtin, RedirectAttributes redirect) {
		return active(caller, gtin, false, redirect);
	}

	@PostMapping("/{gtin}/reactivate")
	String reactivate(@AuthenticationPrincipal Caller caller, @PathVariable String gtin, RedirectAttributes redirect) {
		return active(caller, gtin, true, redirect);
	}

	private String active(Caller caller, String gtin, boolean active, RedirectAttributes redirect) {
		caller.require(Scope.PRODUCTS_WRITE);
		Product product = this.catalog.setProductActive(caller, gtin, active);
		redirect.addFlashAttribute(active ? "reactivated" : "deactivated", true);
		return "redirect:/portal/products/" + product.getGtin();
	}

	@PostMapping("/{gtin}/image")
	String image(@AuthenticationPrincipal Caller caller, @PathVariable String gtin,
			@RequestParam(name = "image", required = false) @Nullable MultipartFile image, Model model,
			RedirectAttributes redirect) throws IOException {
		caller.require(Scope.PRODUCTS_WRITE);
		Product product = this.catalog.product(caller, gtin);
		String error;
		Object[] args = {};
		if (image == null || image.isEmpty()) {
			error = "catalog.product.image.error.missing";
		}
		else if (image.getSize() > 5L * 1024 * 1024) {
			// refused before reading it into memory (the service checks again)
			error = "catalog.product.image.error.image-too-large";
			args = new Object[] { image.getSize() / (1024 * 1024) };
		}
		else {
			try {
				this.catalog.setImage(caller, gtin, image.getBytes());
				redirect.addFlashAttribute("imageChanged", true);
				return "redirect:/portal/products/" + product.getGtin();
			}
			catch (TooLargeException | UnsupportedTypeException ex) {
				error = "catalog.product.image.error." + ex.type();
				args = new Object[] { image.getSize() / (1024 * 1024) };
			}
		}
		model.addAttribute("imageError", error);
		model.addAttribute("imageErrorArgs", args);
		model.addAttribute("form", ProductForm.of(product));
		model.addAttribute("lotForm", new LotForm());
		return productPage(caller, product, null, model);
	}

	@PostMapping("/{gtin}/lots")
	String createLot(@AuthenticationPrincipal Caller caller, @PathVariable String gtin,
			@ModelAttribute("lotForm") LotForm form, BindingResult result, Model model, RedirectAttributes redirect) {
		caller.require(Scope.PRODUCTS_WRITE);
		Product product = this.catalog.product(caller, gtin);
		if (form.getLotNumber().isBlank()) {
			result.rejectValue("lotNumber", "catalog.lot.number.required");
		}
		LocalDate produced = Forms.date(form.getProductionDate(), "productionDate", "catalog.lot.date.invalid", result);
		LocalDate expires = Forms.date(form.getExpiryDate(), "expiryDate", "catalog.lot.date.invalid", result);
		if (!result.hasErrors()) {
			try {
				this.catalog.createLot(caller, gtin, form.getLotNumber().strip(), produced, expires);
				this.counts.forget(caller.organisationId());
				redirect.addFlashAttribute("lotCreated", form.getLotNumber().strip());
				return "redirect:/portal/products/" + product.getGtin();
			}
			catch (InvalidException ex) {
				for (var problem : ex.errors()) {
					if (problem.field().equals("lotNumber")) {
						result.rejectValue("lotNumber", "catalog.lot.number.invalid");
					}
					else if (problem.field().equals("expiryDate")) {
						result.rejectValue("expiryDate", "catalog.lot.expiry.before");
					}
				}
				if (!result.hasErrors()) {
					Forms.reject(result, ex);
				}
			}
			catch (ConflictException ex) {
				result.rejectValue("lotNumber", "catalog.lot.number.taken");
			}
		}
		model.addAttribute("form", ProductForm.of(product));
		return productPage(caller, product, null, model);
	}

	/**
	 * The GTIN's mistake in the person's words: which check digit it should have, how
	 * many digits it has.
	 */
	static void checkGtin(String text, BindingResult result) {
		String digits = text.strip();
		if (digits.isEmpty()) {
			result.rejectValue("gtin", "catalog.product.gtin.required");
			return;
		}
		if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
			result.rejectValue("gtin", "catalog.product.gtin.digits");
			return;
		}
		int n = digits.length();
		if (n != 8 && n != 12 && n != 13 && n != 14) {
			result.rejectValue("gtin", "catalog.product.gtin.length", new Object[] { n }, null);
			return;
		}
		String gtin14 = "0".repeat(14 - n) + digits;
		int expected = CatalogService.expectedCheckDigit(gtin14);
		int actual = gtin14.charAt(13) - '0';
		if (expected != actual) {
			result.rejectValue("gtin", "catalog.product.gtin.check-digit",
					new Object[] { String.valueOf(expected), String.valueOf(actual) }, null);
		}
	}

	/**
	 * The storage condition typed (blank ends open), its mistakes rejected on their
	 * fields in the page's words.
	 */
	private static StorageCondition storage(ProductForm form, BindingResult result) {
		Double min = celsius(form.getStorageMinCelsius(), "storageMinCelsius", result);
		Double max = celsius(form.getStorageMaxCelsius(), "storageMaxCelsius", result);
		StorageCondition storage = new StorageCondition(min, max);
		if (!result.hasFieldErrors("storageMinCelsius") && !result.hasFieldErrors("storageMaxCelsius")) {
			for (com.veritrace.shared.FieldProblem problem : storage.problems()) {
				boolean order = min != null && max != null && min >= StorageCondition.LOWEST
						&& max <= StorageCondition.HIGHEST;
				if (order) {
					result.rejectValue(problem.field(), "catalog.product.storage.order");
				}
				else {
					result.rejectValue(problem.field(), "catalog.product.storage.bounds",
							new Object[] { StorageCondition.format(StorageCondition.LOWEST),
									StorageCondition.format(StorageCondition.HIGHEST) },
							null);
				}
			}
		}
		return storage;
	}

	private static @Nullable Double celsius(String text, String field, BindingResult result) {
		if (text.isBlank()) {
			return null;
		}
		try {
			double value = Double.parseDouble(text.strip().replace(',', '.').replace('−', '-'));
			if (Double.isFinite(value)) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// rejected below
		}
		result.rejectValue(field, "catalog.product.storage.number");
		return null;
	}

	private static void checkText(ProductForm form, BindingResult result) {
		if (form.getName().isBlank()) {
			result.rejectValue("name", "catalog.product.name.required");
		}
		else if (form.getName().strip().length() > 200) {
			result.rejectValue("name", "catalog.product.too-long", new Object[] { 200 }, null);
		}
		if (form.getCategory().strip().length() > 100) {
			result.rejectValue("category", "catalog.product.too-long", new Object[] { 100 }, null);
		}
		if (form.getDescription().strip().length() > 2000) {
			result.rejectValue("description", "catalog.product.too-long", new Object[] { 2000 }, null);
		}
	}

	private static @Nullable String blankToNull(String text) {
		return text.isBlank() ? null : text.strip();
	}

}
