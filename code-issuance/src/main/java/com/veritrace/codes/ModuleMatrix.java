package com.veritrace.codes;

import java.util.EnumMap;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.datamatrix.DataMatrixWriter;
import com.google.zxing.datamatrix.encoder.SymbolShapeHint;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;

/**
 * The dark/light modules of one symbol, one cell per module and without quiet zone, as
 * ZXing encodes it.
 */
final class ModuleMatrix {

	private final int width;

	private final int height;

	private final boolean[] dark;

	/** A module grid built outside ZXing's writers. */
	record Grid(int width, int height, boolean[] dark) {
	}

	private ModuleMatrix(int width, int height, boolean[] dark) {
		this.width = width;
		this.height = height;
		this.dark = dark;
	}

	static ModuleMatrix encode(String text, CodeImageSpec spec) {
		if (text.isEmpty()) {
			throw new InvalidCodeException("cannot encode empty text in a " + spec.symbology());
		}
		try {
			return switch (spec.symbology()) {
				case QR_CODE -> qr(text, spec.errorCorrection());
				case DATA_MATRIX -> dataMatrix(text);
				case GS1_DATA_MATRIX -> {
					Grid grid = Gs1DataMatrixEncoder.encode(text);
					yield new ModuleMatrix(grid.width(), grid.height(), grid.dark());
				}
			};
		}
		catch (WriterException | IllegalArgumentException ex) {
			throw new InvalidCodeException(
					"cannot encode " + text.length() + " characters in a " + spec.symbology() + ": " + ex.getMessage());
		}
	}

	private static ModuleMatrix qr(String text, CodeImageSpec.ErrorCorrection level) throws WriterException {
		Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
		if (!text.chars().allMatch(c -> c < 0x80)) {
			hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
		}
		QRCode code = Encoder.encode(text, ErrorCorrectionLevel.valueOf(level.name()), hints);
		ByteMatrix m = code.getMatrix();
		boolean[] dark = new boolean[m.getWidth() * m.getHeight()];
		for (int y = 0; y < m.getHeight(); y++) {
			for (int x = 0; x < m.getWidth(); x++) {
				dark[y * m.getWidth() + x] = m.get(x, y) == 1;
			}
		}
		return new ModuleMatrix(m.getWidth(), m.getHeight(), dark);
	}

	private static ModuleMatrix dataMatrix(String text) {
		Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
		hints.put(EncodeHintType.DATA_MATRIX_SHAPE, SymbolShapeHint.FORCE_SQUARE);
		// width and height 0: ZXing returns the symbol at one pixel per module
		BitMatrix m = new DataMatrixWriter().encode(text, BarcodeFormat.DATA_MATRIX, 0, 0, hints);
		boolean[] dark = new boolean[m.getWidth() * m.getHeight()];
		for (int y = 0; y < m.getHeight(); y++) {
			for (int x = 0; x < m.getWidth(); x++) {
				dark[y * m.getWidth() + x] = m.get(x, y);
			}
		}
		return new ModuleMatrix(m.getWidth(), m.getHeight(), dark);
	}

	int width() {
		return this.width;
	}

	int height() {
		return this.height;
	}

	boolean isDark(int x, int y) {
		return this.dark[y * this.width + x];
	}

}
