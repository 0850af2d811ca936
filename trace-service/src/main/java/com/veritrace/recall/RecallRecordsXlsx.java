package com.veritrace.recall;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.jspecify.annotations.Nullable;

/**
 * Writes an XLSX workbook as it goes (fastexcel): each sheet's rows are flushed to the
 * zip stream every {@value #FLUSH} rows, every text an inline string (no shared-strings
 * table growing in memory with the rows), the quantity a number. Each sheet has a bold
 * header row, frozen, with an auto-filter over the columns, so it sorts and filters in
 * any spreadsheet. Sheets are written one after the other.
 */
final class RecallRecordsXlsx {

	static final int FLUSH = 1000;

	private final Workbook workbook;

	private @Nullable Worksheet sheet;

	private int rows;

	private int columns;

	RecallRecordsXlsx(OutputStream out) {
		this.workbook = new Workbook(out, "Veritrace", "1.0");
	}

	void startSheet(String name, List<String> header) throws IOException {
		finishSheet();
		Worksheet ws = this.workbook.newWorksheet(name);
		this.sheet = ws;
		this.columns = header.size();
		for (int c = 0; c < header.size(); c++) {
			ws.inlineString(0, c, header.get(c));
			ws.style(0, c).bold().set();
			ws.width(c, 18);
		}
		ws.freezePane(0, 1);
		this.rows = 1;
	}

	void row(List<@Nullable Object> cells) throws IOException {
		Worksheet ws = this.sheet;
		if (ws == null) {
			throw new IllegalStateException("no sheet started");
		}
		for (int c = 0; c < cells.size(); c++) {
			Object value = cells.get(c);
			if (value instanceof BigDecimal number) {
				ws.value(this.rows, c, number);
			}
			else if (value != null) {
				ws.inlineString(this.rows, c, value.toString());
			}
		}
		this.rows++;
		if (this.rows % FLUSH == 0) {
			ws.flush();
		}
	}

	private void finishSheet() throws IOException {
		Worksheet ws = this.sheet;
		if (ws != null) {
			ws.setAutoFilter(0, 0, this.rows - 1, this.columns - 1);
			ws.finish();
			this.sheet = null;
		}
	}

	void finish() throws IOException {
		finishSheet();
		this.workbook.finish();
	}

}
