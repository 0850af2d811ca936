package com.veritrace.recall;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Writes CSV as RFC 4180 says (comma separated, CRLF line ends, a field with a comma,
 * quote or line break in double quotes, quotes doubled) in UTF-8 with a byte order mark,
 * so that Excel opens Chinese text right. A text cell starting with {@code = + - @}, a
 * tab or a carriage return gets a leading apostrophe: a spreadsheet would otherwise run
 * it as a formula (CSV injection); numbers are written as they are.
 */
final class RecallRecordsCsv {

	private final Writer out;

	RecallRecordsCsv(OutputStream out) throws IOException {
		this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
		this.out.write('\uFEFF');
	}

	void row(List<@Nullable Object> cells) throws IOException {
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				this.out.write(',');
			}
			this.out.write(cell(cells.get(i)));
		}
		this.out.write("\r\n");
	}

	void flush() throws IOException {
		this.out.flush();
	}

	static String cell(@Nullable Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof BigDecimal number) {
			return number.toPlainString();
		}
		return quote(defuse(value.toString()));
	}

	/** A leading apostrophe for text a spreadsheet would take for a formula. */
	static String defuse(String text) {
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
			return "'" + text;
		}
		return text;
	}

	static String quote(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == ',' || c == '"' || c == '\r' || c == '\n') {
				return '"' + text.replace("\"", "\"\"") + '"';
			}
		}
		return text;
	}

}
