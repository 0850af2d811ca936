package com.veritrace.codes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrintFileWriterTests {

	private static final byte[] KEY = "print-test brand key 0123456789!".getBytes(StandardCharsets.US_ASCII);

	/**
	 * Lazily made items; records how many bytes were written before each item was pulled.
	 */
	private static final class LazyItems implements Iterator<PrintItem> {

		private final int count;

		private final CountingStream sink;

		private final SerialGenerator serials = new SerialGenerator(KEY);

		final List<Long> bytesBeforeItem = new ArrayList<>();

		private int made;

		LazyItems(int count, CountingStream sink) {
			this.count = count;
			this.sink = sink;
		}

		@Override
		public boolean hasNext() {
			return this.made < this.count;
		}

		@Override
		public PrintItem next() {
			this.made++;
			this.bytesBeforeItem.add(this.sink.count);
			String serial = this.serials.next();
			Sgtin96 epc = Sgtin96.of(Gtin.parse("09520123456788"), 7, Long.toString(this.made), 1);
			return new PrintItem(serial,
					DigitalLink.ofItem(null, Gtin.parse("09520123456788"), "L1", serial, null).toUri(),
					epc.pureIdentityUri());
		}

	}

	private static final class CountingStream extends OutputStream {

		long count;

		final ByteArrayOutputStream copy = new ByteArrayOutputStream();

		@Override
		public void write(int b) {
			this.count++;
			this.copy.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.count += len;
			this.copy.write(b, off, len);
		}

	}

	@Test
	void csvHasOneRowPerItemAndIsWrittenWhileItemsArePulled() throws IOException {
		CountingStream out = new CountingStream();
		LazyItems items = new LazyItems(2000, out);
		assertThat(PrintFileWriter.writeCsv(items, out)).isEqualTo(2000);
		String[] lines = out.copy.toString(StandardCharsets.UTF_8).split("\r\n");
		assertThat(lines).hasSize(2001);
		assertThat(lines[0]).isEqualTo("seq,name,uri,epc");
		assertThat(lines[1]).matches("1,[0-9A-Z]{16},https://id.gs1.org/01/09520123456788/10/L1/21/[0-9A-Z]{16},"
				+ "urn:epc:id:sgtin:9520123.045678.1");
		assertThat(lines[2000]).endsWith(",urn:epc:id:sgtin:9520123.045678.2000");
		// streaming: output grew between consecutive pulls
		assertThat(items.bytesBeforeItem.get(1999)).isGreaterThan(items.bytesBeforeItem.get(1000))
			.isGreaterThan(items.bytesBeforeItem.get(1));
	}

	@Test
	void csvQuotesFieldsThatNeedIt() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		PrintFileWriter.writeCsv(Stream.of(new PrintItem("a,\"b\"", "https://x.example/01/09520123456788", null)), out);
		assertThat(out.toString(StandardCharsets.UTF_8))
			.isEqualTo("seq,name,uri,epc\r\n1,\"a,\"\"b\"\"\",https://x.example/01/09520123456788,\r\n");
	}

	@Test
	void zipOfPngsHoldsOneDecodableImagePerItem() throws Exception {
		CountingStream out = new CountingStream();
		LazyItems items = new LazyItems(25, out);
		CodeImageSpec spec = new CodeImageSpec(Symbology.QR_CODE, 3, 4, CodeImageSpec.ErrorCorrection.M);
		assertThat(PrintFileWriter.writeZip(items, out, PrintFileWriter.ImageFormat.PNG, spec)).isEqualTo(25);
		assertThat(items.bytesBeforeItem.get(24)).isGreaterThan(items.bytesBeforeItem.get(1));
		List<String> names = new ArrayList<>();
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(out.copy.toByteArray()))) {
			ZipEntry entry;
			while ((entry = zip.getNextEntry()) != null) {
				names.add(entry.getName());
				String text = CodeRendererTests.decode(CodeRendererTests.readPng(zip.readAllBytes()),
						Symbology.QR_CODE);
				String serial = entry.getName().substring(8, 24);
				assertThat(text).isEqualTo("https://id.gs1.org/01/09520123456788/10/L1/21/" + serial);
				assertThat(new SerialVerifier(KEY).isAuthentic(serial)).isTrue();
			}
		}
		assertThat(names).hasSize(25);
		assertThat(names.get(0)).matches("0000001-[0-9A-Z]{16}\\.png");
		assertThat(names.get(24)).startsWith("0000025-");
	}

	@Test
	void zipOfSvgDataMatrixDecodes() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		List<PrintItem> items = List
			.of(new PrintItem("../evil name", "https://id.gs1.org/00/106141412345678908", null));
		PrintFileWriter.writeZip(items.iterator(), out, PrintFileWriter.ImageFormat.SVG, CodeImageSpec.dataMatrix());
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
			ZipEntry entry = zip.getNextEntry();
			assertThat(entry.getName()).isEqualTo("0000001-_._evil_name.svg");
			String svg = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(CodeRendererTests.decode(CodeRendererTests.rasterise(svg), Symbology.DATA_MATRIX))
				.isEqualTo("https://id.gs1.org/00/106141412345678908");
			assertThat(zip.getNextEntry()).isNull();
		}
	}

	@Test
	void parallelZipHoldsTheSameImagesInTheSameOrderAsTheSequentialOne() throws Exception {
		List<PrintItem> items = new ArrayList<>();
		SerialGenerator serials = new SerialGenerator(KEY);
		for (int i = 0; i < 37; i++) {
			String serial = serials.next();
			items.add(new PrintItem(serial,
					DigitalLink.ofItem(null, Gtin.parse("09520123456788"), "L1", serial, null).toUri(), null));
		}
		for (PrintFileWriter.ImageFormat format : PrintFileWriter.ImageFormat.values()) {
			ByteArrayOutputStream sequential = new ByteArrayOutputStream();
			PrintFileWriter.writeZip(items.iterator(), sequential, format, CodeImageSpec.qr());
			ByteArrayOutputStream parallel = new ByteArrayOutputStream();
			java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
			try {
				assertThat(PrintFileWriter.writeZip(items.iterator(), parallel, format, CodeImageSpec.qr(), pool, 2, 5))
					.isEqualTo(37);
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(entries(parallel.toByteArray())).containsExactlyElementsOf(entries(sequential.toByteArray()));
		}
	}

	private static List<String> entries(byte[] zipBytes) throws IOException {
		List<String> out = new ArrayList<>();
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
			for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
				out.add(e.getName() + ":" + java.util.HexFormat.of().formatHex(zip.readAllBytes()));
			}
		}
		return out;
	}

}
