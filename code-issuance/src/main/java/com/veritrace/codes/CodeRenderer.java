package com.veritrace.codes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Draws QR Codes and Data Matrix symbols (encoded by ZXing) as SVG or PNG. SVG output is
 * one {@code <path>} of horizontal runs in module units, scaled by the view box; PNG
 * output is 1-bit grayscale, written without java.awt.
 */
public final class CodeRenderer {

	private CodeRenderer() {
	}

	/**
	 * An SVG document of the symbol.
	 * @throws InvalidCodeException when the text does not fit the symbology
	 */
	public static String svg(String text, CodeImageSpec spec) {
		ModuleMatrix m = ModuleMatrix.encode(text, spec);
		int q = spec.quietZone();
		int w = m.width() + 2 * q;
		int h = m.height() + 2 * q;
		StringBuilder path = new StringBuilder(m.width() * m.height() / 2);
		for (int y = 0; y < m.height(); y++) {
			int x = 0;
			while (x < m.width()) {
				if (!m.isDark(x, y)) {
					x++;
					continue;
				}
				int start = x;
				while (x < m.width() && m.isDark(x, y)) {
					x++;
				}
				int run = x - start;
				path.append('M')
					.append(start + q)
					.append(' ')
					.append(y + q)
					.append('h')
					.append(run)
					.append("v1h-")
					.append(run)
					.append('z');
			}
		}
		return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w * spec.moduleSize() + "\" height=\""
				+ h * spec.moduleSize() + "\" viewBox=\"0 0 " + w + " " + h + "\" shape-rendering=\"crispEdges\">"
				+ "<rect width=\"" + w + "\" height=\"" + h + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path
				+ "\"/></svg>\n";
	}

	/** Writes the SVG document as UTF-8. */
	public static void writeSvg(String text, CodeImageSpec spec, OutputStream out) throws IOException {
		out.write(svg(text, spec).getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	/** Writes the symbol as a 1-bit grayscale PNG. */
	public static void writePng(String text, CodeImageSpec spec, OutputStream out) throws IOException {
		PngEncoder.write(ModuleMatrix.encode(text, spec), spec.moduleSize(), spec.quietZone(), out);
	}

	/** The symbol as PNG bytes. */
	public static byte[] png(String text, CodeImageSpec spec) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
		try {
			writePng(text, spec, out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
