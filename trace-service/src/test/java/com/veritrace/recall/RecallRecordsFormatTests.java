package com.veritrace.recall;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The records' file formats without servers: CSV quoting, BOM and formula defusing; the
 * XLSX read back; the external sort across spilled runs against an in-memory sort.
 */
class RecallRecordsFormatTests {

	@Test
	void csvQuotesAsRfc4180SaysAndDefusesFormulas() throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		RecallRecordsCsv csv = new RecallRecordsCsv(bytes);
		csv.row(Arrays.asList("plain", "a,b", "say \"hi\"", "two\r\nlines", null, new BigDecimal("-12.50"), "=SUM(A1)",
				"+1", "-2", "@cmd", "\tx", "有机燕麦奶"));
		csv.flush();
		byte[] out = bytes.toByteArray();
		// UTF-8 byte order mark first, so that Excel reads the Chinese right
		assertThat(Arrays.copyOf(out, 3)).containsExactly(0xEF, 0xBB, 0xBF);
		String text = new String(out, 3, out.length - 3, StandardCharsets.UTF_8);
		assertThat(text)
			.isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",,-12.50,'=SUM(A1),'+1,'-2,'@cmd,'\tx,"
					+ "有机燕麦奶\r\n");
		assertThat(parse(text)).containsExactly(List.of("plain", "a,b", "say \"hi\"", "two\r\nlines", "", "-12.50",
				"'=SUM(A1)", "'+1", "'-2", "'@cmd", "'\tx", "有机燕麦奶"));
	}

	@Test
	void xlsxHasTheHeaderTheRowsTypedAndAnAutoFilterPerSheet() throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		RecallRecordsXlsx xlsx = new RecallRecordsXlsx(bytes);
		xlsx.startSheet("Records", List.of("Lot", "Quantity", "Product"));
		int rows = RecallRecordsXlsx.FLUSH * 2 + 7; // crosses two flushes
		for (int i = 0; i < rows; i++) {
			xlsx.row(Arrays.asList("L" + i, BigDecimal.valueOf(i), i == 0 ? "=1+1 有机" : null));
		}
		xlsx.startSheet("Trace", List.of("Direction"));
		xlsx.row(List.of("back"));
		xlsx.finish();
		try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(bytes.toByteArray()))) {
			assertThat(book.getSheets().map(s -> s.getName())).containsExactly("Records", "Trace");
			List<Row> read = book.getFirstSheet().read();
			assertThat(read).hasSize(rows + 1);
			assertThat(read.get(0).getCellText(0)).isEqualTo("Lot");
			assertThat(read.get(0).getCellText(2)).isEqualTo("Product");
			// text stays text in a spreadsheet cell: no apostrophe, never a formula
			assertThat(read.get(1).getCellText(2)).isEqualTo("=1+1 有机");
			assertThat(read.get(rows).getCellText(0)).isEqualTo("L" + (rows - 1));
			assertThat(read.get(rows).getCellAsNumber(1)).contains(BigDecimal.valueOf(rows - 1));
			assertThat(book.findSheet("Trace").orElseThrow().read().get(1).getCellText(0)).isEqualTo("back");
		}
		String sheet1 = entry(bytes.toByteArray(), "xl/worksheets/sheet1.xml");
		assertThat(sheet1).contains("<autoFilter ref=\"A1:C" + (rows + 1) + "\"");
		assertThat(sheet1).doesNotContain("<f>");
		assertThat(entry(bytes.toByteArray(), "xl/worksheets/sheet2.xml")).contains("<autoFilter ref=\"A1:A2\"");
	}

	@Test
	void theExternalSortGivesWhatAnInMemorySortGives() throws Exception {
		List<RecallRecordsRow> rows = new ArrayList<>();
		java.util.Random random = new java.util.Random(14);
		for (int i = 0; i < 2_500; i++) {
			rows.add(row("L" + random.nextInt(40), RecallRecordsRow.CTE_ORDER.get(random.nextInt(7)),
					random.nextInt(1000), i, i % 3 == 0 ? null : new BigDecimal(random.nextInt(500) + ".25")));
		}
		for (java.util.Comparator<RecallRecordsRow> order : List.of(RecallRecordsRow.BY_LOT, RecallRecordsRow.BY_TYPE,
				RecallRecordsRow.BY_TIME)) {
			List<RecallRecordsRow> expected = new ArrayList<>(rows);
			expected.sort(order);
			List<RecallRecordsRow> sorted = new ArrayList<>();
			List<Path> files;
			try (RecallRecordsSorter sorter = new RecallRecordsSorter(order, 300)) {
				for (RecallRecordsRow row : rows) {
					sorter.add(row);
				}
				assertThat(sorter.spilled()).isEqualTo(8);
				sorter.drain(sorted::add);
				files = tempRuns();
			}
			assertThat(sorted).isEqualTo(expected);
			assertThat(files).allMatch(f -> !Files.exists(f));
		}
	}

	private static List<Path> tempRuns() throws Exception {
		try (var list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
			return list.filter(p -> p.getFileName().toString().startsWith("veritrace-recall-records-")).toList();
		}
	}

	private static RecallRecordsRow row(String lot, String cte, long time, long rowId, @Nullable BigDecimal quantity) {
		return new RecallRecordsRow("06901234567892", lot, "燕麦奶, 1L", quantity, quantity == null ? null : "LTR",
				rowId % 5 == 0 ? "106141410000000017" : null, cte, "", "shipping", null,
				"2026-03-01T08:00:00.000+08:00", "2026-03-01T00:00:00.000Z", "https://id.gs1.org/414/0614141000012",
				"a; b", "", "po", "PO-1", "Brand", "ObjectEvent", "ni:///sha-256;00?ver=CBV2.0", time, rowId);
	}

	/**
	 * A file of the zip, through its central directory (the writer streams entries with
	 * data descriptors, which the JDK's ZipInputStream does not follow).
	 */
	static String entry(byte[] zip, String name) throws Exception {
		Path file = Files.createTempFile("records-test-", ".xlsx");
		try {
			Files.write(file, zip);
			try (ZipFile archive = new ZipFile(file.toFile())) {
				ZipEntry entry = archive.getEntry(name);
				assertThat(entry).as(name).isNotNull();
				return new String(archive.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		finally {
			Files.delete(file);
		}
	}

	/** An RFC 4180 reader, for the tests. */
	static List<List<String>> parse(String text) {
		List<List<String>> rows = new ArrayList<>();
		List<String> row = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
					cell.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					cell.append(c);
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == ',') {
				row.add(cell.toString());
				cell.setLength(0);
			}
			else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
				row.add(cell.toString());
				cell.setLength(0);
				rows.add(row);
				row = new ArrayList<>();
				i++;
			}
			else {
				cell.append(c);
			}
		}
		if (!row.isEmpty() || cell.length() > 0) {
			row.add(cell.toString());
			rows.add(row);
		}
		return rows;
	}

}
