package com.veritrace.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import com.veritrace.ingest.Cbv;
import com.veritrace.shared.FieldProblem;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The REST binding's format headers of a request and of its answer:
 * {@code GS1-EPC-Format} (identifiers as GS1 Digital Links or EPC URNs) and
 * {@code GS1-CBV-XML-Format} (CBV values of XML answers as web URIs or URNs). Values are
 * matched ignoring case; a blank one counts as absent, an unknown one is refused
 * ({@link #problems}). docs/API.md, "EPCIS top-level resources and discovery".
 */
final class Gs1Formats {

	static final String EPC_HEADER = "GS1-EPC-Format";

	static final String CBV_HEADER = "GS1-CBV-XML-Format";

	private Gs1Formats() {
	}

	/** {@code GS1-EPC-Format}. */
	enum Epc {

		NO_PREFERENCE("No_Preference"), DIGITAL_LINK("Always_GS1_Digital_Link"), URN("Always_EPC_URN"),
		NEVER_TRANSLATES("Never_Translates");

		final String value;

		Epc(String value) {
			this.value = value;
		}

		/**
		 * What a standard query answer holds when this is asked: Digital Links also
		 * without a preference (the binding's default), events as captured on
		 * {@code Never_Translates}, URNs on {@code Always_EPC_URN} (or a 406).
		 */
		Epc standardAnswer() {
			return this == NO_PREFERENCE ? DIGITAL_LINK : this;
		}

	}

	/** {@code GS1-CBV-XML-Format}. */
	enum CbvXml {

		NO_PREFERENCE("No_Preference", Cbv.XmlForm.WEB_URI), WEB_URI("Always_Web_URI", Cbv.XmlForm.WEB_URI),
		URN("Always_URN", Cbv.XmlForm.URN), NEVER_TRANSLATES("Never_Translates", Cbv.XmlForm.AS_CAPTURED);

		final String value;

		/** How an XML answer writes CBV values (without a preference: web URIs). */
		final Cbv.XmlForm form;

		CbvXml(String value, Cbv.XmlForm form) {
			this.value = value;
			this.form = form;
		}

		/** What an XML answer holds when this is asked. */
		String xmlAnswer() {
			return this == NO_PREFERENCE ? WEB_URI.value : this.value;
		}

	}

	/** The request's {@code GS1-EPC-Format}; absent (or unknown) is no preference. */
	static Epc epc(@Nullable String header) {
		Epc found = find(Epc.values(), header, e -> e.value);
		return found == null ? Epc.NO_PREFERENCE : found;
	}

	/** The request's {@code GS1-CBV-XML-Format}; absent (or unknown) is no preference. */
	static CbvXml cbvXml(@Nullable String header) {
		CbvXml found = find(CbvXml.values(), header, c -> c.value);
		return found == null ? CbvXml.NO_PREFERENCE : found;
	}

	/** The current request's {@code GS1-EPC-Format} (no preference outside a request). */
	static Epc epcAsked() {
		return epc(header(EPC_HEADER));
	}

	/**
	 * The current request's {@code GS1-CBV-XML-Format} (no preference outside a request).
	 */
	static CbvXml cbvXmlAsked() {
		return cbvXml(header(CBV_HEADER));
	}

	/** A problem for each format header whose value is not one of the binding's. */
	static List<FieldProblem> problems(HttpServletRequest request) {
		List<FieldProblem> problems = new ArrayList<>();
		String epc = request.getHeader(EPC_HEADER);
		if (epc != null && !epc.isBlank() && find(Epc.values(), epc, e -> e.value) == null) {
			problems.add(new FieldProblem(EPC_HEADER,
					"must be one of No_Preference, Always_GS1_Digital_Link, " + "Always_EPC_URN, Never_Translates"));
		}
		String cbv = request.getHeader(CBV_HEADER);
		if (cbv != null && !cbv.isBlank() && find(CbvXml.values(), cbv, c -> c.value) == null) {
			problems.add(new FieldProblem(CBV_HEADER,
					"must be one of No_Preference, Always_Web_URI, Always_URN, Never_Translates"));
		}
		return problems;
	}

	/**
	 * Whether {@code Accept} asks for the XML answer of the query
	 * ({@code application/xml} or {@code text/xml}, no JSON).
	 */
	static boolean xmlAccepted(@Nullable String accept) {
		return accept != null && !accept.contains("json")
				&& (accept.contains("application/xml") || accept.contains("text/xml"));
	}

	private static @Nullable String header(String name) {
		return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
				? request.getRequest().getHeader(name) : null;
	}

	private static <T> @Nullable T find(T[] values, @Nullable String header, Function<T, String> value) {
		if (header == null || header.isBlank()) {
			return null;
		}
		String wanted = header.strip().toLowerCase(Locale.ROOT);
		for (T candidate : values) {
			if (value.apply(candidate).toLowerCase(Locale.ROOT).equals(wanted)) {
				return candidate;
			}
		}
		return null;
	}

}
