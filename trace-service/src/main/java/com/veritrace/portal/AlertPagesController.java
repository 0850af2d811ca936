package com.veritrace.portal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.alert.AlertKind;
import com.veritrace.alert.AlertService;
import com.veritrace.alert.AlertState;
import com.veritrace.alert.AlertView;
import com.veritrace.alert.Severity;
import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Alerts: the list (by kind, severity and state, newest first, keyset pages) and one
 * alert (its texts, evidence as a readable list, occurrences, who acknowledged and
 * resolved it, the link to its subject's page), with the actions for operators and above
 * of its organisation. A regulator (and the platform operator) reads every organisation's
 * alerts, the organisation named, without actions on others'.
 */
@Controller
@RequestMapping("/portal/alerts")
class AlertPagesController {

	static final int PAGE = 25;

	private final AlertService alerts;

	private final JsonMapper json;

	AlertPagesController(AlertService alerts, JsonMapper json) {
		this.alerts = alerts;
		this.json = json;
	}

	@GetMapping
	String list(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable String kind,
			@RequestParam(required = false) @Nullable String severity,
			@RequestParam(required = false) @Nullable String state,
			@RequestParam(required = false) @Nullable Long before, Model model) {
		AlertKind k = parse(AlertKind.class, kind);
		Severity s = parse(Severity.class, severity);
		AlertState st = parse(AlertState.class, state);
		List<AlertView> page = this.alerts.list(caller, k, s, st, before, PAGE + 1);
		model.addAttribute("items", page.size() > PAGE ? page.subList(0, PAGE) : page);
		model.addAttribute("kinds", AlertKind.values());
		model.addAttribute("severities", Severity.values());
		model.addAttribute("states", AlertState.values());
		model.addAttribute("kindFilter", k == null ? "" : k.name());
		model.addAttribute("severityFilter", s == null ? "" : s.name());
		model.addAttribute("stateFilter", st == null ? "" : st.name());
		model.addAttribute("across", caller.readsAcrossTenants());
		StringBuilder next = new StringBuilder("/portal/alerts?");
		if (k != null) {
			next.append("kind=").append(k.name()).append('&');
		}
		if (s != null) {
			next.append("severity=").append(s.name()).append('&');
		}
		if (st != null) {
			next.append("state=").append(st.name()).append('&');
		}
		model.addAttribute("next", page.size() > PAGE ? next + "before=" + page.get(PAGE - 1).id() : null);
		return "portal/alerts/list";
	}

	@GetMapping("/{id}")
	String one(@AuthenticationPrincipal Caller caller, @PathVariable long id, Model model) {
		AlertView alert = this.alerts.find(caller, id);
		model.addAttribute("alert", alert);
		model.addAttribute("evidence", evidence(alert.evidence()));
		model.addAttribute("own", alert.organisationId() == caller.organisationId());
		model.addAttribute("mayAct",
				alert.organisationId() == caller.organisationId() && caller.has(Scope.ALERTS_WRITE));
		return "portal/alerts/alert";
	}

	@PostMapping("/{id}/acknowledge")
	String acknowledge(@AuthenticationPrincipal Caller caller, @PathVariable long id, RedirectAttributes redirect) {
		this.alerts.acknowledge(caller, id);
		redirect.addFlashAttribute("done", AlertState.ACKNOWLEDGED.name());
		return "redirect:/portal/alerts/" + id;
	}

	@PostMapping("/{id}/resolve")
	String resolve(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@RequestParam(defaultValue = "") String note, Model model, RedirectAttributes redirect) {
		try {
			this.alerts.resolve(caller, id, note);
		}
		catch (InvalidException ex) {
			model.addAttribute("noteError", ex.errors().isEmpty() ? ex.detail() : ex.errors().get(0).reason());
			model.addAttribute("noteValue", note);
			return one(caller, id, model);
		}
		redirect.addFlashAttribute("done", AlertState.RESOLVED.name());
		return "redirect:/portal/alerts/" + id;
	}

	/** A member of the evidence, its value written for reading. */
	record Item(String name, String value) {
	}

	/**
	 * The evidence's members in their order, each value as text: lists one per line,
	 * objects as {@code name: value} pairs.
	 */
	List<Item> evidence(String evidence) {
		List<Item> items = new ArrayList<>();
		Object parsed;
		try {
			parsed = this.json.readValue(evidence, Object.class);
		}
		catch (RuntimeException ex) {
			return List.of(new Item("", evidence));
		}
		if (!(parsed instanceof Map<?, ?> members)) {
			return List.of(new Item("", String.valueOf(parsed)));
		}
		members.forEach((name, value) -> items.add(new Item(words(String.valueOf(name)), text(value))));
		return items;
	}

	/** A member's name for reading: {@code refusedPercent} as "refused percent". */
	static String words(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
	}

	private static String text(@Nullable Object value) {
		if (value instanceof Map<?, ?> map) {
			List<String> pairs = new ArrayList<>();
			map.forEach((k, v) -> pairs.add(k + ": " + text(v)));
			return String.join(", ", pairs);
		}
		if (value instanceof List<?> list) {
			List<String> lines = new ArrayList<>();
			list.forEach(v -> lines.add(text(v)));
			return String.join("\n", lines);
		}
		return value == null ? "-" : String.valueOf(value);
	}

	private static <E extends Enum<E>> @Nullable E parse(Class<E> type, @Nullable String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		for (E value : type.getEnumConstants()) {
			if (value.name().equals(text.strip().toUpperCase(Locale.ROOT))) {
				return value;
			}
		}
		throw InvalidException.of(type == AlertKind.class ? "kind" : type == Severity.class ? "severity" : "state",
				"unknown value '" + text + "'");
	}

}
