package com.veritrace.codes;

import java.io.ByteArrayOutputStream;
import java.util.EnumMap;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * A quick, JMH-free comparison of {@link CodeRenderer#png} with ZXing's
 * {@link MatrixToImageWriter} (java.awt + ImageIO) on the same symbol: time per image and
 * bytes. Not a test; run with
 * {@code java -cp <test classpath> com.veritrace.codes.PngWriterComparison}.
 */
public final class PngWriterComparison {

	private PngWriterComparison() {
	}

	public static void main(String[] args) throws Exception {
		String uri = "https://id.gs1.org/01/09520123456788/10/ABC1/21/XA2P2H2WGXQHE1JS?17=261231";
		int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
		CodeImageSpec spec = new CodeImageSpec(Symbology.QR_CODE, 8, 4, CodeImageSpec.ErrorCorrection.M);
		Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
		hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
		hints.put(EncodeHintType.MARGIN, 4);
		int size = 45 * 8;
		long oursBytes = 0;
		long theirsBytes = 0;
		for (int round = 0; round < 2; round++) { // first round warms up
			long t0 = System.nanoTime();
			for (int i = 0; i < n; i++) {
				oursBytes = CodeRenderer.png(uri, spec).length;
			}
			long t1 = System.nanoTime();
			for (int i = 0; i < n; i++) {
				BitMatrix m = new QRCodeWriter().encode(uri, BarcodeFormat.QR_CODE, size, size, hints);
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				MatrixToImageWriter.writeToStream(m, "PNG", out);
				theirsBytes = out.size();
			}
			long t2 = System.nanoTime();
			if (round == 1) {
				System.out.printf("CodeRenderer.png:        %.3f ms/image, %d bytes%n", (t1 - t0) / 1e6 / n, oursBytes);
				System.out.printf("MatrixToImageWriter PNG: %.3f ms/image, %d bytes%n", (t2 - t1) / 1e6 / n,
						theirsBytes);
			}
		}
	}

}
