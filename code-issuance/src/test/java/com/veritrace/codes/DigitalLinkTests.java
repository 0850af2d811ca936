package com.veritrace.codes;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Behaviour beyond the conformance vectors: the parts of a parsed link and the exact
 * reasons.
 */
class DigitalLinkTests {

	@Test
	void parseReturnsKeyQualifiersAttributesAndOtherParameters() {
		DigitalLink link = DigitalLink
			.parse("https://brand.example.com/c/01/09520123456788/10/ABC%2F1/21/12345?17=180426&linkType=gs1:pip#top");
		assertThat(link.stem()).isEqualTo("https://brand.example.com/c");
		assertThat(link.primaryKey()).isEqualTo(new AiElement("01", "09520123456788"));
		assertThat(link.qualifiers()).containsExactly(new AiElement("10", "ABC/1"), new AiElement("21", "12345"));
		assertThat(link.attributes()).containsExactly(new AiElement("17", "180426"));
		assertThat(link.otherParameters()).containsExactly(java.util.Map.entry("linkType", "gs1:pip"));
		assertThat(link.elementString()).isEqualTo("^010952012345678810ABC/1^2112345^17180426");
		assertThat(link.bracketed()).isEqualTo("(01)09520123456788(10)ABC/1(21)12345(17)180426");
		assertThat(link.canonicalIdentity()).isEqualTo("https://id.gs1.org/01/09520123456788/10/ABC%2F1/21/12345");
		assertThat(link.value("21")).isEqualTo("12345");
		assertThat(link.value("22")).isNull();
	}

	/**
	 * Found by DigitalLinkFuzzTests: a query parameter "=" was written as nothing, so the
	 * URI lost it.
	 */
	@Test
	void everyOtherParameterSurvivesWritingAndReadingBack() {
		DigitalLink link = DigitalLink.parse("https://id.gs1.org/01/09520123456788?linkType=gs1:pip&=&flag&=x&e=");
		assertThat(link.otherParameters()).containsExactly(java.util.Map.entry("linkType", "gs1:pip"),
				java.util.Map.entry("", "x"), java.util.Map.entry("flag", ""), java.util.Map.entry("e", ""));
		assertThat(link.toUri()).isEqualTo("https://id.gs1.org/01/09520123456788?linkType=gs1:pip&=x&flag&e");
		DigitalLink empty = DigitalLink.parse("https://id.gs1.org/01/09520123456788?=");
		assertThat(empty.otherParameters()).containsExactly(java.util.Map.entry("", ""));
		assertThat(empty.toUri()).isEqualTo("https://id.gs1.org/01/09520123456788?=");
		assertThat(DigitalLink.parse(empty.toUri())).isEqualTo(empty);
	}

	@Test
	void ofItemBuildsTheUsualItemLink() {
		DigitalLink link = DigitalLink.ofItem("https://v.example.cn/", Gtin.parse("9520123456788"), "LOT/7", "A1+B",
				LocalDate.of(2027, 3, 31));
		assertThat(link.toUri()).isEqualTo("https://v.example.cn/01/09520123456788/10/LOT%2F7/21/A1%2BB?17=270331");
		assertThat(DigitalLink.parse(link.toUri()).elements()).isEqualTo(link.elements());
	}

	@Test
	void invalidUrisSayExactlyWhatIsWrong() {
		assertReason("", "Digital Link URI is empty");
		assertReason("ftp://a/01/09520123456788",
				"Digital Link URI must start with http:// or https:// (all lower or all upper case): ftp://a/01/09520123456788");
		assertReason("https://a/01/0952012345678 8",
				"Digital Link URI contains character U+0020 at position 27, which is not allowed in a URI");
		assertReason("https://a$/01/09520123456788",
				"Digital Link URI domain 'a$' contains '$', which is not allowed in a domain");
		assertReason("https://a/gtin/09520123456788",
				"Digital Link URI has no GS1 primary key (such as /01/<GTIN>) in its path: https://a/gtin/09520123456788");
		assertReason("https://a/01/09520123456789",
				"AI (01) value '09520123456789' has check digit 9 but it should be 8");
		assertReason("https://a/01/9520123456788",
				"AI (01) value '9520123456788' is too short: format is N14, found 13");
		assertReason("https://a/01/09520123456788/21/1/10/2",
				"AIs (01)(21)(10) in the Digital Link path are not a valid key-qualifier sequence for key (01), whose"
						+ " qualifiers are, in this order, /22/10/21 or /235");
		assertReason("https://a/01/09520123456788?10=ABC",
				"AI (10) is a key qualifier and must be in the Digital Link path, not in the query string");
		assertReason("https://a/01/09520123456788?17=180426&17=180427", "AI (17) appears more than once");
		assertReason("https://a/01/09520123456788?17=181326", "AI (17) value '181326' has month 13, outside 1..12");
		assertReason("https://a/01/09520123456788?17=180231",
				"AI (17) value '180231' has day 31, not a day of month 2");
		assertReason("https://a/01/09520123456788?89=X", "query parameter '89' is numeric but not a known AI");
		assertReason("https://a/01/09520123456788?8200=https%3A%2F%2Fx",
				"AI (8200) is not permitted as a Digital Link data attribute");
		assertReason("https://a/01/09520123456788/21/%00", "AI (21) value in the path contains an encoded NUL (%00)");
		assertReason("https://a/01/09520123456788/21/a%7Fb",
				"AI (21) value 'a\u007fb' has character U+007F at position 2, which is not in GS1 character set 82");
		assertReason("https://a/00/106141412345678908?02=09520123456788",
				"AI (02) requires one of the AIs (37) to be present");
		assertReason("https://a/01/09520123456788?02=09520123456788&37=1",
				"AI (01) must not appear together with AI (02)");
	}

	@Test
	void generationNeedsAPrimaryKeyAndValidValues() {
		assertThatThrownBy(() -> DigitalLink.generate(null, List.of(new AiElement("99", "X"))))
			.hasMessage("a Digital Link needs a GS1 primary key AI such as (01), (00) or (414)");
		assertThatThrownBy(
				() -> DigitalLink.generate(null, AiElement.parseBracketed("(01)09520123456788(21)" + "9".repeat(21))))
			.hasMessageContaining("AI (21) value '999999999999999999999' is too long: format is X..20, found 21");
		assertThatThrownBy(() -> AiElement.parseBracketed("01)123"))
			.hasMessageContaining("must have '(' at position 1");
		assertThat(AiElement.parseBracketed("(21)a\\(b)(10)c")).containsExactly(new AiElement("21", "a(b)"),
				new AiElement("10", "c"));
	}

	@Test
	void lenientOptionsReadOlderLinksButStrictRefusesThem() {
		String legacy = "https://example.com/gtin/9780345418913/ser/ABC/?linkType=all";
		assertThatThrownBy(() -> DigitalLink.parse(legacy)).isInstanceOf(InvalidCodeException.class);
		DigitalLink link = DigitalLink.parse(legacy, DigitalLinkOptions.LENIENT);
		assertThat(link.toUri()).isEqualTo("https://example.com/01/09780345418913/21/ABC?linkType=all");
	}

	private static void assertReason(String uri, String reason) {
		assertThatThrownBy(() -> DigitalLink.parse(uri)).isInstanceOf(InvalidCodeException.class).hasMessage(reason);
	}

}
