package com.veritrace.codes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Streams print files for a code run, one item at a time, so a run of millions of codes
 * never sits in memory: a CSV of names, URIs and EPCs, or a ZIP with one SVG or PNG image
 * per code. Neither method closes the caller's stream.
 */
public final class PrintFileWriter {

	/** Image format inside the ZIP. */
	public enum ImageFormat {

		SVG("svg"), PNG("png");

		private final String extension;

		ImageFormat(String extension) {
			this.extension = extension;
		}

		public String extension() {
			return this.extension;
		}

	}

	private PrintFileWriter() {
	}

	/**
	 * Writes {@code seq,name,uri,epc} rows (RFC 4180, CRLF line ends, UTF-8) with a
	 * header line.
	 * @return the number of items written
	 */
	public static long writeCsv(Iterator<PrintItem> items, OutputStream out) throws IOException {
		Objects.requireNonNull(items, "items");
		Objects.requireNonNull(out, "out");
		out.write("seq,name,uri,epc\r\n".getBytes(StandardCharsets.UTF_8));
		long seq = 0;
		while (items.hasNext()) {
			PrintItem item = items.next();
			seq++;
			String line = seq + "," + csv(item.name()) + "," + csv(item.uri()) + ","
					+ (item.epc() == null ? "" : csv(item.epc())) + "\r\n";
			out.write(line.getBytes(StandardCharsets.UTF_8));
		}
		out.flush();
		return seq;
	}

	/** As {@link #writeCsv(Iterator, OutputStream)}; closes the stream of items. */
	public static long writeCsv(Stream<PrintItem> items, OutputStream out) throws IOException {
		try (items) {
			return writeCsv(items.iterator(), out);
		}
	}

	/**
	 * Writes a ZIP with one image per item, named
	 * {@code <seq, 7 digits>-<name>.<svg|png>} (the name reduced to
	 * {@code [A-Za-z0-9._-]}; the sequence number keeps names unique without remembering
	 * them), each image encoding the item's URI.
	 * @return the number of images written
	 * @throws InvalidCodeException when a URI does not fit the symbology
	 */
	public static long writeZip(Iterator<PrintItem> items, OutputStream out, ImageFormat format, CodeImageSpec spec)
			throws IOException {
		Objects.requireNonNull(items, "items");
		Objects.requireNonNull(format, "format");
		Objects.requireNonNull(spec, "spec");
		ZipOutputStream zip = new ZipOutputStream(new NonClosingOutputStream(out), StandardCharsets.UTF_8);
		long seq = 0;
		while (items.hasNext()) {
			PrintItem item = items.next();
			seq++;
			zip.putNextEntry(new ZipEntry(String.format("%07d-%s.%s", seq, safeName(item.name()), format.extension())));
			switch (format) {
				case SVG -> CodeRenderer.writeSvg(item.uri(), spec, zip);
				case PNG -> CodeRenderer.writePng(item.uri(), spec, zip);
			}
			zip.closeEntry();
		}
		zip.finish();
		zip.close();
		return seq;
	}

	/**
	 * As {@link #writeZip(Iterator, OutputStream, ImageFormat, CodeImageSpec)}, rendering
	 * on {@code renderers} while this thread compresses and writes: items are read in
	 * blocks of {@code block}, each block split among the renderers, and the next block
	 * renders while this one is written. At most two blocks of images are in memory;
	 * entries keep the input order.
	 * @param renderers threads that render (e.g. a fixed pool with one thread per core)
	 * @param parallelism how many parts to split each block into (usually the pool's
	 * size)
	 * @return the number of images written
	 */
	public static long writeZip(Iterator<PrintItem> items, OutputStream out, ImageFormat format, CodeImageSpec spec,
			java.util.concurrent.Executor renderers, int parallelism, int block) throws IOException {
		Objects.requireNonNull(items, "items");
		Objects.requireNonNull(format, "format");
		Objects.requireNonNull(spec, "spec");
		Objects.requireNonNull(renderers, "renderers");
		if (parallelism < 1 || block < 1) {
			throw new IllegalArgumentException("parallelism and block must be positive");
		}
		// memory stays flat however many entries: the central directory goes to a
		// temporary file
		try (ZipStreamWriter zip = new ZipStreamWriter(out, java.util.zip.Deflater.BEST_SPEED)) {
			long seq = 0;
			Rendered pending = renderBlock(items, format, spec, renderers, parallelism, block);
			while (pending != null) {
				Rendered next = items.hasNext() ? renderBlock(items, format, spec, renderers, parallelism, block)
						: null;
				byte[][] images = pending.join();
				for (int i = 0; i < images.length; i++) {
					seq++;
					zip.entry(String.format("%07d-%s.%s", seq, safeName(pending.items[i].name()), format.extension()),
							images[i]);
				}
				pending = next;
			}
			zip.finish();
			return seq;
		}
	}

	private static @org.jspecify.annotations.Nullable Rendered renderBlock(Iterator<PrintItem> items,
			ImageFormat format, CodeImageSpec spec, java.util.concurrent.Executor renderers, int parallelism,
			int block) {
		java.util.ArrayList<PrintItem> list = new java.util.ArrayList<>(block);
		while (list.size() < block && items.hasNext()) {
			list.add(items.next());
		}
		if (list.isEmpty()) {
			return null;
		}
		PrintItem[] batch = list.toArray(PrintItem[]::new);
		byte[][] images = new byte[batch.length][];
		int parts = Math.min(parallelism, batch.length);
		java.util.concurrent.CompletableFuture<?>[] futures = new java.util.concurrent.CompletableFuture<?>[parts];
		for (int p = 0; p < parts; p++) {
			int from = (int) ((long) batch.length * p / parts);
			int to = (int) ((long) batch.length * (p + 1) / parts);
			futures[p] = java.util.concurrent.CompletableFuture.runAsync(() -> {
				for (int i = from; i < to; i++) {
					images[i] = switch (format) {
						case SVG -> CodeRenderer.svg(batch[i].uri(), spec).getBytes(StandardCharsets.UTF_8);
						case PNG -> CodeRenderer.png(batch[i].uri(), spec);
					};
				}
			}, renderers);
		}
		return new Rendered(batch, images, java.util.concurrent.CompletableFuture.allOf(futures));
	}

	private record Rendered(PrintItem[] items, byte[][] images, java.util.concurrent.CompletableFuture<Void> done) {

		byte[][] join() throws IOException {
			try {
				this.done.join();
			}
			catch (java.util.concurrent.CompletionException ex) {
				if (ex.getCause() instanceof RuntimeException runtime) {
					throw runtime;
				}
				throw new IOException("rendering failed", ex.getCause());
			}
			return this.images;
		}

	}

	/**
	 * As {@link #writeZip(Iterator, OutputStream, ImageFormat, CodeImageSpec)}; closes
	 * the stream of items.
	 */
	public static long writeZip(Stream<PrintItem> items, OutputStream out, ImageFormat format, CodeImageSpec spec)
			throws IOException {
		try (items) {
			return writeZip(items.iterator(), out, format, spec);
		}
	}

	static String safeName(String name) {
		StringBuilder sb = new StringBuilder(name.length());
		for (char c : name.toCharArray()) {
			boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == '-';
			sb.append(ok ? c : '_');
		}
		String s = sb.length() > 64 ? sb.substring(0, 64) : sb.toString();
		return s.startsWith(".") ? "_" + s.substring(1) : s;
	}

	private static String csv(String value) {
		boolean quote = false;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == ',' || c == '"' || c == '\r' || c == '\n') {
				quote = true;
				break;
			}
		}
		// values are written unchanged (no spreadsheet formula guard): printers need the
		// exact data
		return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
	}

	/** Lets the ZIP write its central directory without closing the caller's stream. */
	private static final class NonClosingOutputStream extends java.io.FilterOutputStream {

		NonClosingOutputStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.out.write(b, off, len);
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

}
