package com.veritrace.events;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotAcceptableException;
import com.veritrace.web.RequestPaths;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The GS1 REST binding's version headers on every EPCIS endpoint (not the public hash
 * tool): each answer says {@code GS1-EPCIS-Version} and {@code GS1-CBV-Version} (2.0.0),
 * {@code GS1-EPC-Format} (how identifiers come back: a standard query answer as Digital
 * Links unless asked {@code Never_Translates} or {@code Always_EPC_URN}; the lists of
 * identifiers and locations as canonical GS1 Digital Links; other answers, the single
 * event and Veritrace's own {@code /events} parameters, as captured,
 * {@code Never_Translates}) and {@code GS1-CBV-XML-Format} (an XML answer's CBV values as
 * asked, web URIs without a preference; JSON as captured, {@code Never_Translates}). An
 * unknown value of either format header is a 400; a request whose
 * {@code GS1-EPCIS-Min}/{@code -Max} or {@code GS1-CBV-Min}/{@code -Max} range leaves out
 * 2.0.0 is refused with 406 {@code NotAcceptableException}. Runs after authentication.
 */
@Configuration(proxyBeanMethods = false)
class EpcisHeaders implements WebMvcConfigurer, HandlerInterceptor {

	/** The EPCIS and CBV version served. */
	static final String VERSION = "2.0.0";

	static final String NOT_ACCEPTABLE = "epcisException:NotAcceptableException";

	private static final String BASE = "/api/v1/epcis";

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).addPathPatterns(BASE, BASE + "/**").excludePathPatterns(BASE + "/event-hashes");
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		response.setHeader("GS1-EPCIS-Version", VERSION);
		response.setHeader("GS1-CBV-Version", VERSION);
		String path = RequestPaths.routed(request);
		// a standard query answer (not the legacy /events answer, never translated)
		boolean query = path.endsWith("/events")
				&& request.getParameterMap().keySet().stream().noneMatch(EpcisApiController.LEGACY::contains);
		Gs1Formats.Epc epc = identifierLists(path) ? Gs1Formats.Epc.DIGITAL_LINK
				: query ? Gs1Formats.epc(request.getHeader(Gs1Formats.EPC_HEADER)).standardAnswer()
						: Gs1Formats.Epc.NEVER_TRANSLATES;
		// CBV values: in XML as asked, in JSON as captured
		String cbv = Gs1Formats.xmlAccepted(request.getHeader("Accept"))
				? Gs1Formats.cbvXml(request.getHeader(Gs1Formats.CBV_HEADER)).xmlAnswer()
				: Gs1Formats.CbvXml.NEVER_TRANSLATES.value;
		boolean options = "OPTIONS".equals(request.getMethod());
		// OPTIONS announces that any format may be asked
		response.setHeader(Gs1Formats.EPC_HEADER, options ? Gs1Formats.Epc.NO_PREFERENCE.value : epc.value);
		response.setHeader(Gs1Formats.CBV_HEADER, options ? Gs1Formats.CbvXml.NO_PREFERENCE.value : cbv);
		List<FieldProblem> out = new ArrayList<>();
		List<FieldProblem> malformed = new ArrayList<>(Gs1Formats.problems(request));
		for (String kind : List.of("EPCIS", "CBV")) {
			String min = request.getHeader("GS1-" + kind + "-Min");
			String max = request.getHeader("GS1-" + kind + "-Max");
			int[] lo = version("GS1-" + kind + "-Min", min, malformed);
			int[] hi = version("GS1-" + kind + "-Max", max, malformed);
			int[] served = parse(VERSION);
			if (lo != null && compare(lo, served) > 0 || hi != null && compare(hi, served) < 0) {
				out.add(new FieldProblem("GS1-" + kind + "-" + (lo != null && compare(lo, served) > 0 ? "Min" : "Max"),
						"this server answers " + kind + " " + VERSION + " only"));
			}
		}
		if (!malformed.isEmpty()) {
			throw InvalidException.of(malformed);
		}
		if (!out.isEmpty()) {
			throw new NotAcceptableException(NOT_ACCEPTABLE, "Conflicting request and response headers",
					"This server answers EPCIS " + VERSION + " and CBV " + VERSION
							+ ", outside the range the request accepts",
					out);
		}
		return true;
	}

	/** {@code /epcs}, {@code /readPoints}, {@code /bizLocations} and their items. */
	private static boolean identifierLists(String path) {
		for (String resource : List.of("/epcs", "/readPoints", "/bizLocations")) {
			if (path.startsWith(BASE + resource) && !path.endsWith("/events")) {
				return true;
			}
		}
		return false;
	}

	private static int @Nullable [] version(String header, @Nullable String value, List<FieldProblem> malformed) {
		if (value == null || value.isBlank()) {
			return null;
		}
		if (!value.strip().matches("\\d{1,6}(\\.\\d{1,6})*")) {
			malformed.add(new FieldProblem(header, "must be a version such as 2.0.0"));
			return null;
		}
		return parse(value.strip());
	}

	private static int[] parse(String version) {
		String[] parts = version.split("\\.");
		int[] out = new int[parts.length];
		for (int i = 0; i < parts.length; i++) {
			out[i] = Integer.parseInt(parts[i]);
		}
		return out;
	}

	/** Versions compared part by part, missing parts 0 (2.0 = 2.0.0). */
	private static int compare(int[] a, int[] b) {
		for (int i = 0; i < Math.max(a.length, b.length); i++) {
			int x = i < a.length ? a[i] : 0;
			int y = i < b.length ? b[i] : 0;
			if (x != y) {
				return Integer.compare(x, y);
			}
		}
		return 0;
	}

	/** {@code GS1-Vendor-Version}: Veritrace and its build's version. */
	static String vendorVersion() {
		String version = EpcisHeaders.class.getPackage().getImplementationVersion();
		return "veritrace-" + (version == null ? "dev" : version);
	}

}
