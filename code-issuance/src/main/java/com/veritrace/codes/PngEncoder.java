package com.veritrace.codes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A lean PNG writer for module matrices: 1-bit grayscale (colour type 0, bit depth 1),
 * one IDAT chunk, no filter, deflate at the default level (for these images smaller and
 * faster than level 9). No java.awt.
 */
final class PngEncoder {

	private static final byte[] SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	private PngEncoder() {
	}

	static void write(ModuleMatrix matrix, int moduleSize, int quietZone, OutputStream out) throws IOException {
		int modulesWide = matrix.width() + 2 * quietZone;
		int modulesHigh = matrix.height() + 2 * quietZone;
		int width = modulesWide * moduleSize;
		int height = modulesHigh * moduleSize;
		int rowBytes = (width + 7) / 8;

		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
		ByteArrayOutputStream idat = new ByteArrayOutputStream(rowBytes * modulesHigh / 4 + 64);
		byte[] buffer = new byte[8192];
		byte[] row = new byte[1 + rowBytes];
		try {
			for (int my = 0; my < modulesHigh; my++) {
				// one scanline per module row, written moduleSize times; bit 1 = white
				java.util.Arrays.fill(row, (byte) 0);
				for (int px = 0; px < width; px++) {
					int mx = px / moduleSize - quietZone;
					int y = my - quietZone;
					boolean dark = mx >= 0 && mx < matrix.width() && y >= 0 && y < matrix.height()
							&& matrix.isDark(mx, y);
					if (!dark) {
						row[1 + (px >> 3)] |= (byte) (0x80 >>> (px & 7));
					}
				}
				if ((width & 7) != 0) {
					row[rowBytes] |= (byte) (0xff >>> (width & 7)); // padding bits, white
				}
				for (int r = 0; r < moduleSize; r++) {
					deflater.setInput(row);
					while (!deflater.needsInput()) {
						int n = deflater.deflate(buffer);
						idat.write(buffer, 0, n);
					}
				}
			}
			deflater.finish();
			while (!deflater.finished()) {
				int n = deflater.deflate(buffer);
				idat.write(buffer, 0, n);
			}
		}
		finally {
			deflater.end();
		}

		out.write(SIGNATURE);
		byte[] ihdr = new byte[13];
		putInt(ihdr, 0, width);
		putInt(ihdr, 4, height);
		ihdr[8] = 1; // bit depth
		ihdr[9] = 0; // grayscale
		ihdr[10] = 0; // deflate
		ihdr[11] = 0; // adaptive filtering (filter type 0 on every line)
		ihdr[12] = 0; // no interlace
		chunk(out, "IHDR", ihdr);
		chunk(out, "IDAT", idat.toByteArray());
		chunk(out, "IEND", new byte[0]);
	}

	private static void putInt(byte[] b, int off, int v) {
		b[off] = (byte) (v >>> 24);
		b[off + 1] = (byte) (v >>> 16);
		b[off + 2] = (byte) (v >>> 8);
		b[off + 3] = (byte) v;
	}

	private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
		byte[] header = new byte[8];
		putInt(header, 0, data.length);
		for (int i = 0; i < 4; i++) {
			header[4 + i] = (byte) type.charAt(i);
		}
		CRC32 crc = new CRC32();
		crc.update(header, 4, 4);
		crc.update(data);
		out.write(header);
		out.write(data);
		byte[] c = new byte[4];
		putInt(c, 0, (int) crc.getValue());
		out.write(c);
	}

}
