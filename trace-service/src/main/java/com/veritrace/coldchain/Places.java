package com.veritrace.coldchain;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.veritrace.codes.AiElement;
import com.veritrace.codes.EpcUris;
import com.veritrace.codes.InvalidCodeException;

/**
 * Event locations (SGLN URNs, Digital Links of GLNs) as people can look them up (the
 * cold-chain warnings and the scan page's journey).
 */
public final class Places {

	private static final Pattern DIGITAL_LINK_GLN = Pattern.compile("^https?://[^/]+/414/(\\d{13})(?:/254/([^/?#]+))?");

	private Places() {
	}

	/**
	 * {@code GLN 6901234000030} or {@code GLN 4012345000054 / 7} (a location extension
	 * other than 0); a place in another form as recorded; null for null.
	 */
	public static @Nullable String label(@Nullable String place) {
		if (place == null) {
			return null;
		}
		Matcher link = DIGITAL_LINK_GLN.matcher(place);
		if (link.find()) {
			return gln(link.group(1), link.group(2));
		}
		if (place.startsWith("urn:epc:id:sgln:")) {
			try {
				List<AiElement> elements = EpcUris.toElements(place);
				return gln(elements.get(0).value(), elements.size() > 1 ? elements.get(1).value() : null);
			}
			catch (InvalidCodeException ex) {
				return place;
			}
		}
		return place;
	}

	private static String gln(String gln, @Nullable String extension) {
		return "GLN " + gln + (extension == null || extension.equals("0") ? "" : " / " + extension);
	}

}
