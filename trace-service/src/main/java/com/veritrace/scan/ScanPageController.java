package com.veritrace.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.thymeleaf.ITemplateEngine;
import tools.jackson.databind.json.JsonMapper;
import org.thymeleaf.context.Context;

import com.veritrace.VeritraceProperties;
import com.veritrace.analytics.Verdict;
import com.veritrace.codes.DigitalLink;
import com.veritrace.codes.InvalidCodeException;
import com.veritrace.media.MediaService;
import com.veritrace.shared.ExpiringMap;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.web.ContentSecurityPolicy;
import com.veritrace.web.Problems;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Veritrace as the GS1 Digital Link resolver of the codes it issues:
 * {@code /01/<GTIN>[/10/<lot>]
 * [/21/<serial>]}. People get the scan page, programs asking for JSON the same content as
 * JSON, {@code ?linkType=all} a GS1 linkset.
 */
@Controller
@Hidden
class ScanPageController {

	static final MediaType LINKSET = MediaType.parseMediaType("application/linkset+json");

	private final ScanService scans;

	private final VeritraceProperties properties;

	private final ScanProperties scanProperties;

	private final ITemplateEngine templates;

	/**
	 * What the cached pages look like apart from the verdict, as HTML (the page cut where
	 * the verdict goes) and as JSON (the page's members), rendered once per cached page,
	 * not per scan.
	 */
	private final ExpiringMap<byte[][]> rendered = new ExpiringMap<>(20_000);

	/**
	 * The members of a scan's JSON that change with every scan; the others come from the
	 * cached page.
	 */
	private record ScanMembers(Verdict verdict, String reason, String reasonKey, ScanResult.Code code,
			ScanResult.@Nullable Scans scans, @Nullable String placeToken, ScanResult.@Nullable Chip chip) {
	}

	/**
	 * The members of a scan's JSON that are the same for every scan of one cached page.
	 */
	private record PageMembers(ScanResult.@Nullable Product product, ScanResult.@Nullable LotInfo lot,
			ScanResult.@Nullable Recall recall, List<ScanResult.ColdChain> coldChain, List<ScanResult.Step> journey,
			List<ScanResult.Report> reports, List<ScanResult.ProofLink> proofs) {
	}

	private static final String MARKER = "<!--verdict-" + java.util.UUID.randomUUID() + "-->";

	/** Where the cached page leaves room for this scan's offer to add a place. */
	private static final String PLACE_MARKER = "<!--place-" + java.util.UUID.randomUUID() + "-->";

	/**
	 * The page's icons: the favicon, an SVG icon, the home-screen icon and a square
	 * picture for shared links when the product has none.
	 */
	record Icons(String ico, String svg, String touch, String png) {
	}

	/**
	 * Veritrace's own icons. Brands have no icon or logo in the catalog yet (a product
	 * may have a picture): when they do, {@link #icons} chooses the brand's.
	 */
	static final Icons DEFAULT_ICONS = new Icons("/favicon.ico", "/h5/icons/veritrace.svg",
			"/h5/icons/apple-touch-icon.png", "/h5/icons/icon-512.png");

	/**
	 * What the page's head says about it to a browser and to a link preview (Open Graph):
	 * its address without the query, the picture to show (absolute), the icons.
	 */
	record Head(String url, String image, Icons icons) {
	}

	private final JsonMapper json;

	private final ClientKeys clientKeys;

	private final MessageSource messages;

	private final ObjectProvider<ChipTaps> chipTaps;

	private final MediaService media;

	ScanPageController(ScanService scans, VeritraceProperties properties, ScanProperties scanProperties,
			ITemplateEngine templates, JsonMapper json, ClientKeys clientKeys, ObjectProvider<ChipTaps> chipTaps,
			MessageSource messages, MediaService media) {
		this.chipTaps = chipTaps;
		this.messages = messages;
		this.media = media;
		this.json = json;
		this.clientKeys = clientKeys;
		this.scans = scans;
		this.properties = properties;
		this.scanProperties = scanProperties;
		this.templates = templates;
		this.placeHeaderEdges = scanProperties.placeHeaderEdges().stream().map(IpAddressMatcher::new).toList();
	}

	private final List<IpAddressMatcher> placeHeaderEdges;

	/**
	 * The client's region as the edge told it, only when the request came from a named
	 * edge.
	 */
	private @Nullable String placeHeader(HttpServletRequest request) {
		if (this.placeHeaderEdges.isEmpty()) {
			return null;
		}
		String value = request.getHeader(this.scanProperties.placeHeader());
		if (value == null) {
			return null;
		}
		String from = request.getRemoteAddr();
		for (IpAddressMatcher edge : this.placeHeaderEdges) {
			if (edge.matches(from)) {
				return value;
			}
		}
		return null;
	}

	@GetMapping("/01/**")
	Object scan(HttpServletRequest request) {
		Locale locale = RequestContextUtils.getLocale(request);
		boolean wantsJson = wantsJson(request);
		String uri = this.properties.publicBaseUrl() + request.getRequestURI()
				+ (request.getQueryString() == null ? "" : "?" + request.getQueryString());
		DigitalLink link;
		try {
			link = DigitalLink.parse(uri);
		}
		catch (InvalidCodeException ex) {
			if (wantsJson || "all".equals(request.getParameter("linkType"))) {
				return ResponseEntity.badRequest()
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-code", "Invalid Digital Link", ex.getMessage(),
							List.of(new FieldProblem("uri", ex.getMessage()))));
			}
			return new ModelAndView("h5/invalid", Map.of("lang", locale.toLanguageTag(), "message", ex.getMessage()),
					HttpStatus.BAD_REQUEST);
		}
		String gtin = link.primaryKey().value();
		ScanService.Scanned scanned = new ScanService.Scanned(gtin, link.value("21"), link.value("10"),
				link.canonicalIdentity());
		if ("all".equals(request.getParameter("linkType"))) {
			return ResponseEntity.ok().contentType(LINKSET).body(linkset(link, scanned));
		}
		String agent = agentFamily(request.getHeader(HttpHeaders.USER_AGENT));
		String address = request.getRemoteAddr();
		String client = this.clientKeys.client(ClientKeys.device(deviceCookie(request)), address, agent);
		ScanResult result = this.scans.scan(scanned,
				new ScanService.Scanner(place(placeHeader(request)), agent, client, address), locale,
				counted(request, agent));
		return respond(request.getRequestURI(), result, locale, wantsJson);
	}

	/**
	 * An NFC chip's tap ({@link ChipTaps}): a verified or replayed message opens the
	 * item's scan page with the chip's verdict, counted and logged as a scan; an unknown
	 * chip or a wrong MAC gets a 404 page (JSON: verdict UNKNOWN_CODE); malformed input a
	 * 400 (problem details for programs, a page for people).
	 */
	@GetMapping("/nfc/{profile}")
	Object tap(HttpServletRequest request, @PathVariable String profile) {
		Locale locale = RequestContextUtils.getLocale(request);
		boolean wantsJson = wantsJson(request);
		ChipTaps taps = this.chipTaps.getIfAvailable();
		ChipTaps.ChipTap chip;
		try {
			if (taps == null) {
				throw InvalidException.of("profile", "NFC chips are not verified here");
			}
			chip = taps.verify(profile, request.getParameterMap(), request.getQueryString(),
					counted(request, agentFamily(request.getHeader(HttpHeaders.USER_AGENT))));
		}
		catch (InvalidException ex) {
			if (wantsJson) {
				return ResponseEntity.badRequest()
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-tap", "Invalid chip message",
							"The tap URL is not a well-formed chip message", ex.errors()));
			}
			return new ModelAndView("h5/invalid", Map.of("lang", locale.toLanguageTag(), "message",
					this.messages.getMessage("chip.invalid", null, locale)), HttpStatus.BAD_REQUEST);
		}
		if (chip.status() == ChipTaps.Status.UNKNOWN || chip.gtin() == null) {
			String reason = this.messages.getMessage("reason.chip-unknown", null, locale);
			if (wantsJson) {
				return ResponseEntity.status(HttpStatus.NOT_FOUND)
					.contentType(MediaType.APPLICATION_JSON)
					.header(HttpHeaders.CACHE_CONTROL, "no-store")
					.body(Map.of("verdict", Verdict.UNKNOWN_CODE.name(), "reason", reason, "reasonKey",
							"reason.chip-unknown", "chip", Map.of("status", ChipTaps.Status.UNKNOWN.name())));
			}
			return new ModelAndView("h5/invalid", Map.of("lang", locale.toLanguageTag(), "message", reason),
					HttpStatus.NOT_FOUND);
		}
		String agent = agentFamily(request.getHeader(HttpHeaders.USER_AGENT));
		String address = request.getRemoteAddr();
		String client = this.clientKeys.client(ClientKeys.device(deviceCookie(request)), address, agent);
		String uri = DigitalLink.CANONICAL_STEM + "/01/" + chip.gtin() + "/21/" + chip.serial();
		ScanResult result = this.scans.tap(new ScanService.Scanned(chip.gtin(), chip.serial(), null, uri),
				new ScanService.Scanner(place(placeHeader(request)), agent, client, address), locale, chip,
				counted(request, agent));
		// the page's links (the language switch) lead to the item's page, not to the tap
		// again: a tap's URL opened twice is a replay
		return respond("/01/" + chip.gtin() + "/21/" + chip.serial(), result, locale, wantsJson);
	}

	private Object respond(String path, ScanResult result, Locale locale, boolean wantsJson) {
		HttpStatus status = result.verdict() == Verdict.UNKNOWN_CODE ? HttpStatus.NOT_FOUND : HttpStatus.OK;
		if (wantsJson) {
			return ResponseEntity.status(status)
				.contentType(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.CACHE_CONTROL, "no-store")
				.header(HttpHeaders.VARY, "Accept, Accept-Language")
				.body(json(result));
		}
		MediaService.PageMedia media = media(result);
		return ResponseEntity.status(status)
			.contentType(HTML)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.header(HttpHeaders.VARY, "Accept, Accept-Language")
			.headers(h -> {
				// a brand's video link that plays in the page: its host (allow-listed by
				// the brand) as a media source; otherwise the pages' one policy
				if (!media.videoHosts().isEmpty()) {
					h.set("Content-Security-Policy", ContentSecurityPolicy.withMediaHosts(media.videoHosts()));
				}
			})
			.body(html(path, result, locale, media));
	}

	/**
	 * Whether a request counts as a scan: not a HEAD, not a browser's prefetch or
	 * prerender, not a known crawler.
	 */
	static boolean counted(HttpServletRequest request, String agentFamily) {
		if ("HEAD".equals(request.getMethod()) || ScanService.CRAWLER.equals(agentFamily)) {
			return false;
		}
		String purpose = request.getHeader("Sec-Purpose");
		if (purpose == null) {
			purpose = request.getHeader("Purpose");
		}
		if (purpose == null) {
			purpose = request.getHeader("X-Moz");
		}
		return purpose == null || !(purpose.contains("prefetch") || purpose.contains("prerender"));
	}

	/** The device cookie's value, or null; no session, nothing else is read. */
	static @Nullable String deviceCookie(HttpServletRequest request) {
		jakarta.servlet.http.Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (jakarta.servlet.http.Cookie cookie : cookies) {
				if (ClientKeys.COOKIE.equals(cookie.getName())) {
					return cookie.getValue();
				}
			}
		}
		return null;
	}

	static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8);

	/**
	 * The page: its cached shell around this scan's verdict; rendered whole for codes
	 * without a cached page.
	 */
	private byte[] html(String path, ScanResult result, Locale locale, MediaService.PageMedia media) {
		if (result.pageId() == null) {
			return utf8(this.templates.process("h5/scan",
					new Context(locale, pageModel(path, result, locale, false, media))));
		}
		byte[][] shell = cached("html " + result.pageId() + " " + path + " " + locale.toLanguageTag(), () -> {
			String whole = this.templates.process("h5/scan",
					new Context(locale, pageModel(path, result, locale, true, media)));
			int at = whole.indexOf(MARKER);
			int place = whole.indexOf(PLACE_MARKER);
			return new byte[][] { utf8(whole.substring(0, at)), utf8(whole.substring(at + MARKER.length(), place)),
					utf8(whole.substring(place + PLACE_MARKER.length())) };
		});
		// this scan's part (verdict, reason, place token) is rendered once per cached
		// page, verdict and
		// language with slots for the reason and the token, which each scan fills in,
		// escaped
		byte[][] verdict = cached(
				"verdict " + result.pageId() + " " + result.verdict() + " " + (result.placeToken() != null) + " "
						+ (result.chip() == null ? "-" : result.chip().status()) + " " + result.askPlace() + " "
						+ locale.toLanguageTag(),
				() -> Slots.split(this.templates.process("h5/scan", Set.of("per-scan"),
						new Context(locale, Map.of("scan", withSlots(result))))));
		// the offer to add a place, lower on the page, is the same for all scans that
		// get it
		byte[][] place = cached(
				"place " + (result.placeToken() != null) + " " + result.askPlace() + " " + locale.toLanguageTag(),
				() -> new byte[][] { utf8(this.templates.process("h5/scan-content", Set.of("per-scan-place"),
						new Context(locale, Map.of("scan", result)))) });
		return Slots.page(shell, new byte[][][] { verdict, place }, result.reason(), result.placeToken());
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** The scan with the slots' markers for its reason and place token. */
	private static ScanResult withSlots(ScanResult r) {
		return new ScanResult(r.verdict(), Slots.REASON, r.reasonKey(), r.code(), r.product(), r.lot(), r.recall(),
				r.journey(), r.reports(), r.proofs(), r.scans(), r.placeToken() == null ? null : Slots.TOKEN,
				r.pageId(), r.coldChain(), r.askPlace(), r.chip());
	}

	/**
	 * A rendered fragment cut at the places where markers stood for a scan's reason and
	 * place token, as UTF-8: literal parts at even indexes, a slot ({@link #REASON_SLOT}
	 * or {@link #TOKEN_SLOT}) at odd ones. The markers are letters and digits, so
	 * escaping leaves them as they are; the values filled in are escaped as Thymeleaf
	 * would (text and attribute).
	 */
	static final class Slots {

		private static final String ID = java.util.UUID.randomUUID().toString().replace("-", "");

		static final String REASON = "vtReason" + ID;

		static final String TOKEN = "vtToken" + ID;

		private static final byte[] REASON_SLOT = utf8(REASON);

		private static final byte[] TOKEN_SLOT = utf8(TOKEN);

		static byte[][] split(String html) {
			List<byte[]> parts = new ArrayList<>();
			int from = 0;
			while (true) {
				int r = html.indexOf(REASON, from);
				int t = html.indexOf(TOKEN, from);
				int at = r < 0 ? t : t < 0 ? r : Math.min(r, t);
				if (at < 0) {
					parts.add(utf8(html.substring(from)));
					return parts.toArray(byte[][]::new);
				}
				parts.add(utf8(html.substring(from, at)));
				parts.add(at == r ? REASON_SLOT : TOKEN_SLOT);
				from = at + (at == r ? REASON : TOKEN).length();
			}
		}

		/**
		 * The page: the shell's pieces with the fragments between them ({@code shell[i]},
		 * {@code fragments[i]}, ..., the last piece), the fragments' slots filled in
		 * (escaped), assembled in one array of the exact size (no growing, no copy).
		 */
		static byte[] page(byte[][] shell, byte[][][] fragments, String reason, @Nullable String token) {
			byte[] reasonBytes = escaped(reason);
			byte[] tokenBytes = escaped(token == null ? "" : token);
			int size = 0;
			for (byte[] piece : shell) {
				size += piece.length;
			}
			for (byte[][] parts : fragments) {
				for (int i = 0; i < parts.length; i++) {
					size += (i % 2 == 0) ? parts[i].length
							: (parts[i] == REASON_SLOT ? reasonBytes : tokenBytes).length;
				}
			}
			byte[] page = new byte[size];
			int at = 0;
			for (int f = 0; f < shell.length; f++) {
				System.arraycopy(shell[f], 0, page, at, shell[f].length);
				at += shell[f].length;
				if (f == fragments.length) {
					break;
				}
				byte[][] parts = fragments[f];
				for (int i = 0; i < parts.length; i++) {
					byte[] part = (i % 2 == 0) ? parts[i] : (parts[i] == REASON_SLOT ? reasonBytes : tokenBytes);
					System.arraycopy(part, 0, page, at, part.length);
					at += part.length;
				}
			}
			return page;
		}

		/**
		 * UTF-8 of the value escaped as Thymeleaf escapes text and attributes; values
		 * without a character to escape (a place token, most reasons) as they are.
		 */
		static byte[] escaped(String value) {
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if (c == '<' || c == '>' || c == '&' || c == '"' || c == '\'') {
					return utf8(HtmlUtils.htmlEscape(value, "UTF-8"));
				}
			}
			return utf8(value);
		}

	}

	/**
	 * The JSON: this scan's members, then the cached page's members, serialised once per
	 * cached page.
	 */
	private byte[] json(ScanResult result) {
		if (result.pageId() == null) {
			return this.json.writeValueAsBytes(result);
		}
		byte[] members = this.json.writeValueAsBytes(new ScanMembers(result.verdict(), result.reason(),
				result.reasonKey(), result.code(), result.scans(), result.placeToken(), result.chip()));
		byte[] page = cached("json " + result.pageId(),
				() -> new byte[][] {
						this.json.writeValueAsBytes(new PageMembers(result.product(), result.lot(), result.recall(),
								result.coldChain(), result.journey(), result.reports(), result.proofs())) })[0];
		// {"verdict":…} and {"product":…} become {"verdict":…,"product":…}
		byte[] both = new byte[members.length + page.length - 1];
		System.arraycopy(members, 0, both, 0, members.length - 1);
		both[members.length - 1] = ',';
		System.arraycopy(page, 1, both, members.length, page.length - 1);
		return both;
	}

	/**
	 * From the render cache (bounded, entries live as long as cached pages), rendering on
	 * a miss.
	 */
	private byte[][] cached(String key, Supplier<byte[][]> render) {
		byte[][] parts = this.rendered.get(key);
		if (parts == null) {
			parts = render.get();
			this.rendered.put(key, parts, this.scanProperties.pageCacheTtl());
		}
		return parts;
	}

	/**
	 * The whole page's model for the page at {@code path} (a chip's tap: the item's QR
	 * page); {@code shell}: markers instead of the scan's own parts.
	 */
	private Map<String, Object> pageModel(String path, ScanResult result, Locale locale, boolean shell,
			MediaService.PageMedia media) {
		String langSwitchUrl = UriComponentsBuilder.fromPath(path)
			.queryParam("lang", locale.getLanguage().equals("zh") ? "en" : "zh-CN")
			.build()
			.toUriString();
		return Map.of("scan", result, "lang", locale.toLanguageTag(), "langSwitchUrl", langSwitchUrl, "shell", shell,
				"marker", MARKER, "placeMarker", PLACE_MARKER, "head", head(path, result), "media", media);
	}

	private Head head(String path, ScanResult result) {
		String base = this.properties.publicBaseUrl();
		Icons icons = icons(result);
		String picture = result.product() != null && result.product().imageUrl() != null ? result.product().imageUrl()
				: icons.png();
		return new Head(base + path, base + picture, icons);
	}

	/** The icons of a scan's page: Veritrace's (see {@link #DEFAULT_ICONS}). */
	static Icons icons(ScanResult result) {
		return DEFAULT_ICONS;
	}

	/**
	 * The origin media of the code's product and lot (issue 21 item 1): none for an
	 * unknown code; read once per few seconds for all codes of a lot (MediaService).
	 */
	private MediaService.PageMedia media(ScanResult result) {
		if (result.product() == null) {
			return MediaService.PageMedia.NONE;
		}
		String lot = result.lot() != null ? result.lot().lotNumber() : result.code().lotNumber();
		return this.media.forPage(result.code().gtin(), lot);
	}

	private Map<String, Object> linkset(DigitalLink link, ScanService.Scanned scanned) {
		String base = this.properties.publicBaseUrl();
		String page = base + link.toUri().substring(link.stem().length());
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("anchor", base + link.toUri().substring(link.stem().length()));
		entry.put("https://gs1.org/voc/defaultLink", List.of(Map.of("href", page, "title", "Product check")));
		entry.put("https://gs1.org/voc/pip",
				List.of(Map.of("href", page, "title", "Product information", "type", "text/html")));
		entry.put("https://gs1.org/voc/traceability", List
			.of(Map.of("href", page, "title", "Authenticity verdict, journey and proofs", "type", "application/json")));
		List<Map<String, String>> proofs = new ArrayList<>();
		proofs.add(Map.of("href", base + "/api/v1/proofs", "title", "Inclusion proofs of the item's events"));
		entry.put("https://gs1.org/voc/certificationInfo", proofs);
		return Map.of("linkset", List.of(entry));
	}

	/** True when the client prefers JSON to HTML (explicitly, by type and quality). */
	static boolean wantsJson(HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		if (accept == null) {
			return false;
		}
		double html = -1;
		double json = -1;
		for (MediaType type : MediaType.parseMediaTypes(accept)) {
			if (type.isWildcardType()) {
				continue;
			}
			if (type.isCompatibleWith(MediaType.TEXT_HTML)) {
				html = Math.max(html, type.getQualityValue());
			}
			else if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
				json = Math.max(json, type.getQualityValue());
			}
		}
		return json > html;
	}

	/**
	 * A coarse place from the edge's header: letters, digits, space and -_ only, at most
	 * 64 characters.
	 */
	static @Nullable String place(@Nullable String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		String clean = header.strip().replaceAll("[^\\p{L}\\p{N} _-]", "");
		return clean.isEmpty() ? null : clean.substring(0, Math.min(64, clean.length()));
	}

	/**
	 * What known crawlers, link previewers and monitors put in their User-Agent (lower
	 * case): their scans are not counted.
	 */
	static final List<String> CRAWLERS = List.of("bot", "spider", "crawl", "slurp", "facebookexternalhit",
			"bingpreview", "whatsapp", "yandex", "lighthouse", "pingdom", "uptime", "headlesschrome-monitor");

	/**
	 * The browser family from a User-Agent ({@code crawler} for known crawlers); the
	 * string itself is never stored.
	 */
	static String agentFamily(@Nullable String userAgent) {
		if (userAgent == null) {
			return "unknown";
		}
		String ua = userAgent.toLowerCase(Locale.ROOT);
		for (String crawler : CRAWLERS) {
			if (ua.contains(crawler)) {
				return ScanService.CRAWLER;
			}
		}
		if (ua.contains("micromessenger")) {
			return "wechat";
		}
		if (ua.contains("alipayclient")) {
			return "alipay";
		}
		if (ua.contains("edg/")) {
			return "edge";
		}
		if (ua.contains("firefox")) {
			return "firefox";
		}
		if (ua.contains("chrome") || ua.contains("crios")) {
			return "chrome";
		}
		if (ua.contains("safari")) {
			return "safari";
		}
		if (ua.contains("curl") || ua.contains("wget") || ua.contains("java") || ua.contains("python")) {
			return "program";
		}
		return "other";
	}

}
