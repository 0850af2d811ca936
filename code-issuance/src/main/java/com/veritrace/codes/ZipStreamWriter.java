package com.veritrace.codes;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A ZIP writer whose memory does not grow with the number of entries: each
 * central-directory record is written to a temporary file as soon as its entry is
 * finished (CRC, sizes, offset and name are all known then) and copied to the output at
 * the end. {@link java.util.zip.ZipOutputStream} instead keeps an object per entry until
 * it writes the directory (~200 bytes each: 200 MB for a million codes). Entries are
 * deflated, with a data descriptor; Zip64 end records are written when there are more
 * than 65,534 entries or offsets pass 4 GiB. Each entry must be under 4 GiB. Does not
 * close the output.
 */
final class ZipStreamWriter implements AutoCloseable {

	private static final int VERSION = 45; // 4.5: Zip64

	private static final int FLAGS = 0x0808; // data descriptor, UTF-8 names

	private static final int DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01

	private final Counting out;

	private final Path directoryFile;

	private final OutputStream directory;

	private final Deflater deflater;

	private final byte[] buffer = new byte[16 * 1024];

	private long entries;

	ZipStreamWriter(OutputStream out, int level) throws IOException {
		this.out = new Counting(out);
		this.directoryFile = Files.createTempFile("veritrace-zip-directory", ".bin");
		this.directory = new BufferedOutputStream(Files.newOutputStream(this.directoryFile), 64 * 1024);
		this.deflater = new Deflater(level, true);
	}

	/** Writes one entry with the given content. */
	void entry(String name, byte[] content) throws IOException {
		byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
		long offset = this.out.count;
		CRC32 crc = new CRC32();
		crc.update(content);
		// local file header
		int32(this.out, 0x04034b50);
		int16(this.out, VERSION);
		int16(this.out, FLAGS);
		int16(this.out, 8);
		int16(this.out, 0);
		int16(this.out, DOS_DATE);
		int32(this.out, 0);
		int32(this.out, 0);
		int32(this.out, 0);
		int16(this.out, nameBytes.length);
		int16(this.out, 0);
		this.out.write(nameBytes);
		long start = this.out.count;
		this.deflater.reset();
		this.deflater.setInput(content);
		this.deflater.finish();
		while (!this.deflater.finished()) {
			int n = this.deflater.deflate(this.buffer);
			this.out.write(this.buffer, 0, n);
		}
		long compressed = this.out.count - start;
		// data descriptor
		int32(this.out, 0x08074b50);
		int32(this.out, (int) crc.getValue());
		int32(this.out, (int) compressed);
		int32(this.out, content.length);
		// central directory record, to the temporary file
		boolean zip64 = offset >= 0xFFFFFFFFL;
		int32(this.directory, 0x02014b50);
		int16(this.directory, VERSION);
		int16(this.directory, VERSION);
		int16(this.directory, FLAGS);
		int16(this.directory, 8);
		int16(this.directory, 0);
		int16(this.directory, DOS_DATE);
		int32(this.directory, (int) crc.getValue());
		int32(this.directory, (int) compressed);
		int32(this.directory, content.length);
		int16(this.directory, nameBytes.length);
		int16(this.directory, zip64 ? 12 : 0);
		int16(this.directory, 0);
		int16(this.directory, 0);
		int16(this.directory, 0);
		int32(this.directory, 0);
		int32(this.directory, zip64 ? 0xFFFFFFFF : (int) offset);
		this.directory.write(nameBytes);
		if (zip64) {
			int16(this.directory, 0x0001);
			int16(this.directory, 8);
			int64(this.directory, offset);
		}
		this.entries++;
	}

	/** Writes the central directory and the end records; deletes the temporary file. */
	void finish() throws IOException {
		try {
			this.directory.close();
			long directoryStart = this.out.count;
			try (InputStream in = new BufferedInputStream(Files.newInputStream(this.directoryFile), 64 * 1024)) {
				in.transferTo(this.out);
			}
			long directorySize = this.out.count - directoryStart;
			boolean zip64 = this.entries >= 0xFFFF || directoryStart >= 0xFFFFFFFFL || directorySize >= 0xFFFFFFFFL;
			if (zip64) {
				long zip64End = this.out.count;
				int32(this.out, 0x06064b50);
				int64(this.out, 44);
				int16(this.out, VERSION);
				int16(this.out, VERSION);
				int32(this.out, 0);
				int32(this.out, 0);
				int64(this.out, this.entries);
				int64(this.out, this.entries);
				int64(this.out, directorySize);
				int64(this.out, directoryStart);
				int32(this.out, 0x07064b50);
				int32(this.out, 0);
				int64(this.out, zip64End);
				int32(this.out, 1);
			}
			int32(this.out, 0x06054b50);
			int16(this.out, 0);
			int16(this.out, 0);
			int16(this.out, zip64 ? 0xFFFF : (int) this.entries);
			int16(this.out, zip64 ? 0xFFFF : (int) this.entries);
			int32(this.out, zip64 ? 0xFFFFFFFF : (int) directorySize);
			int32(this.out, zip64 ? 0xFFFFFFFF : (int) directoryStart);
			int16(this.out, 0);
			this.out.flush();
		}
		finally {
			close();
		}
	}

	@Override
	public void close() throws IOException {
		this.deflater.end();
		this.directory.close();
		Files.deleteIfExists(this.directoryFile);
	}

	private static void int16(OutputStream out, int v) throws IOException {
		out.write(v & 0xff);
		out.write((v >>> 8) & 0xff);
	}

	private static void int32(OutputStream out, int v) throws IOException {
		int16(out, v);
		int16(out, v >>> 16);
	}

	private static void int64(OutputStream out, long v) throws IOException {
		int32(out, (int) v);
		int32(out, (int) (v >>> 32));
	}

	/** Counts what is written; never closes the caller's stream. */
	private static final class Counting extends OutputStream {

		private final OutputStream out;

		long count;

		Counting(OutputStream out) {
			this.out = out;
		}

		@Override
		public void write(int b) throws IOException {
			this.out.write(b);
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.out.write(b, off, len);
			this.count += len;
		}

		@Override
		public void flush() throws IOException {
			this.out.flush();
		}

	}

}
