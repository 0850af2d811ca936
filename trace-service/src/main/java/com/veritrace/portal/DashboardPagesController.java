package com.veritrace.portal;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import com.veritrace.dashboards.Dashboards;
import com.veritrace.dashboards.Dashboards.Audience;
import com.veritrace.dashboards.Dashboards.Chart;
import com.veritrace.dashboards.Dashboards.Column;
import com.veritrace.dashboards.Dashboards.Table;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.OrganisationRepository;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The dashboards: one page with every chart's table (readable without script), the
 * charts' JSON (the aggregates the page's script draws with ECharts) and each table as
 * CSV. A brand's users, whatever their role, read their brand's; a regulator reads every
 * brand's together or one brand's; everybody else (and a brand naming another brand) gets
 * 404. Only aggregates leave the server.
 */
@Controller
@RequestMapping("/portal/dashboards")
class DashboardPagesController {

	/** How the page's script draws each chart from its table. */
	record Drawing(String kind, String category, int value) {
	}

	static final Map<Chart, Drawing> DRAWINGS = Map.of(Chart.SCANS, new Drawing("days", "0", -1), Chart.REGIONS,
			new Drawing("bars", "0", 1), Chart.SUSPICIOUS, new Drawing("bars", "0,1", 2), Chart.DIVERSION,
			new Drawing("days", "0", -1), Chart.COLD_CHAIN, new Drawing("days", "0", -1), Chart.PARTNERS,
			new Drawing("bars", "0", 1), Chart.LEGS, new Drawing("bars", "0", 2), Chart.DWELL,
			new Drawing("bars", "0", 2));

	private final Dashboards dashboards;

	private final OrganisationRepository organisations;

	private final MessageSource messages;

	DashboardPagesController(Dashboards dashboards, OrganisationRepository organisations, MessageSource messages) {
		this.dashboards = dashboards;
		this.organisations = organisations;
		this.messages = messages;
	}

	/** A chart on the page: its table and where its JSON and CSV are. */
	record Shown(Chart chart, Drawing drawing, List<String> headings, List<List<Object>> rows, List<Boolean> numeric,
			String json, String csv) {
	}

	@GetMapping({ "", "/" })
	String page(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable String days,
			@RequestParam(required = false) @Nullable String brand, Model model) {
		Audience audience = audience(caller, brand);
		int range = days(days);
		String query = "?days=" + range + (brand != null && !brand.isBlank() ? "&brand=" + audience.brandId() : "");
		List<Shown> shown = new ArrayList<>();
		for (Chart chart : Chart.values()) {
			Table table = this.dashboards.table(chart, audience, range);
			List<List<Object>> rows = rows(table);
			List<Boolean> numeric = new ArrayList<>();
			for (int i = 0; i < table.columns().size(); i++) {
				numeric.add(!rows.isEmpty() && rows.get(0).get(i) instanceof Number);
			}
			shown.add(new Shown(chart, DRAWINGS.get(chart), headings(table), rows, numeric,
					"/portal/dashboards/" + chart.path() + ".json" + query,
					"/portal/dashboards/" + chart.path() + ".csv" + query));
		}
		model.addAttribute("charts", shown);
		model.addAttribute("days", range);
		model.addAttribute("worldMap", this.dashboards.worldMap());
		model.addAttribute("ranges", Dashboards.RANGES);
		model.addAttribute("regulator", caller.kind() == OrganisationKind.REGULATOR);
		model.addAttribute("brandId", audience.brandId());
		model.addAttribute("brandParam", brand != null && !brand.isBlank() ? audience.brandId() : null);
		if (caller.kind() == OrganisationKind.REGULATOR) {
			List<Organisation> brands = new ArrayList<>(this.organisations.findByKind(OrganisationKind.BRAND));
			brands.sort((a, b) -> a.getName().compareToIgnoreCase(b.getName()));
			model.addAttribute("brands", brands);
		}
		return "portal/dashboards/dashboards";
	}

	@GetMapping("/{chart}.json")
	@ResponseBody
	Map<String, Object> json(@AuthenticationPrincipal Caller caller, @PathVariable String chart,
			@RequestParam(required = false) @Nullable String days,
			@RequestParam(required = false) @Nullable String brand) {
		Chart which = chart(chart);
		Table table = this.dashboards.table(which, audience(caller, brand), days(days));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("chart", which.path());
		body.put("columns", headings(table));
		body.put("rows", rows(table));
		return body;
	}

	@GetMapping("/{chart}.csv")
	void csv(@AuthenticationPrincipal Caller caller, @PathVariable String chart,
			@RequestParam(required = false) @Nullable String days,
			@RequestParam(required = false) @Nullable String brand, HttpServletResponse response) throws IOException {
		Chart which = chart(chart);
		int range = days(days);
		Table table = this.dashboards.table(which, audience(caller, brand), range);
		response.setContentType("text/csv;charset=UTF-8");
		response.setHeader("Content-Disposition",
				"attachment; filename=\"veritrace-" + which.path() + "-" + range + "d.csv\"");
		Writer out = response.getWriter();
		// a byte order mark: Excel then reads Chinese text as UTF-8
		out.write('\uFEFF');
		line(out, new ArrayList<>(headings(table)));
		for (List<Object> row : rows(table)) {
			line(out, row);
		}
		out.flush();
	}

	private static void line(Writer out, List<?> cells) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < cells.size(); i++) {
			line.append(i == 0 ? "" : ",").append(cell(cells.get(i)));
		}
		out.write(line.append("\r\n").toString());
	}

	/**
	 * A CSV cell: numbers as they are; text quoted when it must be, with a leading
	 * apostrophe when a spreadsheet would take it for a formula.
	 */
	static String cell(@Nullable Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof Number) {
			return value.toString();
		}
		String text = value.toString();
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
			text = "'" + text;
		}
		if (text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
			text = '"' + text.replace("\"", "\"\"") + '"';
		}
		return text;
	}

	/** The table's rows in the reader's words: an unknown region, a partner's state. */
	private List<List<Object>> rows(Table table) {
		Locale locale = LocaleContextHolder.getLocale();
		List<List<Object>> rows = new ArrayList<>(table.rows().size());
		for (List<Object> row : table.rows()) {
			List<Object> words = new ArrayList<>(row);
			for (int i = 0; i < words.size(); i++) {
				String key = table.columns().get(i).key();
				if (key.equals("region") && "".equals(words.get(i))) {
					words.set(i, this.messages.getMessage("dash.region.unknown", null, locale));
				}
				else if (key.equals("state")) {
					words.set(i, this.messages.getMessage("dash.state." + words.get(i), null, locale));
				}
			}
			rows.add(words);
		}
		return rows;
	}

	private List<String> headings(Table table) {
		Locale locale = LocaleContextHolder.getLocale();
		List<String> headings = new ArrayList<>(table.columns().size());
		for (Column c : table.columns()) {
			headings.add(c.text() != null ? c.text()
					: this.messages.getMessage("dash.col." + c.key(), null, c.key(), locale));
		}
		return headings;
	}

	/**
	 * Whose data the caller may read: its own brand, or as a regulator any or every
	 * brand.
	 */
	Audience audience(Caller caller, @Nullable String brand) {
		Long named = null;
		if (brand != null && !brand.isBlank()) {
			try {
				named = Long.parseLong(brand.strip());
			}
			catch (NumberFormatException ex) {
				throw NotFoundException.of("Brand", "No such brand");
			}
		}
		if (caller.kind() == OrganisationKind.BRAND) {
			if (named != null && named != caller.organisationId()) {
				throw NotFoundException.of("Brand", "No such brand");
			}
			return Audience.brand(caller.organisationId());
		}
		if (caller.kind() == OrganisationKind.REGULATOR) {
			if (named == null) {
				return Audience.allBrands();
			}
			Organisation org = this.organisations.findById(named)
				.filter(o -> o.getKind() == OrganisationKind.BRAND)
				.orElseThrow(() -> NotFoundException.of("Brand", "No such brand"));
			return Audience.brand(org.getId());
		}
		throw NotFoundException.of("Page", "No such page");
	}

	static int days(@Nullable String days) {
		if (days == null || days.isBlank()) {
			return 30;
		}
		try {
			int n = Integer.parseInt(days.strip());
			if (Dashboards.RANGES.contains(n)) {
				return n;
			}
		}
		catch (NumberFormatException ex) {
			// said below
		}
		throw InvalidException.of("days", "7, 30 or 90");
	}

	static Chart chart(String path) {
		Chart chart = Chart.byPath(path);
		if (chart == null) {
			throw NotFoundException.of("Chart", "No such chart");
		}
		return chart;
	}

}
