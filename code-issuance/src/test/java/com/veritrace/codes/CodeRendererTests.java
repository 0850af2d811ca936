package com.veritrace.codes;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.Reader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.datamatrix.DataMatrixReader;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodeRendererTests {

	private static final String URI = "https://id.gs1.org/01/09520123456788/10/ABC1/21/XA2P2H2WGXQHE1JS?17=261231";

	static String decode(BufferedImage image, Symbology symbology) throws Exception {
		BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
		Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
		// our images are perfect renderings: read the modules directly rather than search
		// for finder
		// patterns (which on small images with random data occasionally fails)
		hints.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
		Reader reader = symbology == Symbology.QR_CODE ? new QRCodeReader() : new DataMatrixReader();
		return reader.decode(bitmap, hints).getText();
	}

	static BufferedImage readPng(byte[] png) throws IOException {
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		assertThat(image).as("PNG readable by ImageIO").isNotNull();
		return image;
	}

	/** Rasterises the SVG path ("M x y h w v1 h-w z" runs) at 4 pixels per module. */
	static BufferedImage rasterise(String svg) {
		Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
		assertThat(box.find()).isTrue();
		int w = Integer.parseInt(box.group(1));
		int h = Integer.parseInt(box.group(2));
		int scale = 4;
		BufferedImage image = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < h * scale; y++) {
			for (int x = 0; x < w * scale; x++) {
				image.setRGB(x, y, 0xffffff);
			}
		}
		Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z").matcher(svg);
		int runs = 0;
		while (run.find()) {
			int x0 = Integer.parseInt(run.group(1));
			int y0 = Integer.parseInt(run.group(2));
			int len = Integer.parseInt(run.group(3));
			assertThat(run.group(4)).isEqualTo(run.group(3));
			for (int y = y0 * scale; y < (y0 + 1) * scale; y++) {
				for (int x = x0 * scale; x < (x0 + len) * scale; x++) {
					image.setRGB(x, y, 0);
				}
			}
			runs++;
		}
		assertThat(runs).isPositive();
		return image;
	}

	@ParameterizedTest
	@EnumSource(value = Symbology.class, names = { "QR_CODE", "DATA_MATRIX" })
	void pngDecodesBackToTheText(Symbology symbology) throws Exception {
		CodeImageSpec spec = new CodeImageSpec(symbology, 4, symbology == Symbology.QR_CODE ? 4 : 2,
				CodeImageSpec.ErrorCorrection.Q);
		byte[] png = CodeRenderer.png(URI, spec);
		assertThat(decode(readPng(png), symbology)).isEqualTo(URI);
	}

	@ParameterizedTest
	@EnumSource(value = Symbology.class, names = { "QR_CODE", "DATA_MATRIX" })
	void svgDecodesBackToTheText(Symbology symbology) throws Exception {
		CodeImageSpec spec = new CodeImageSpec(symbology, 3, symbology == Symbology.QR_CODE ? 4 : 2,
				CodeImageSpec.ErrorCorrection.M);
		String svg = CodeRenderer.svg(URI, spec);
		assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
			.contains("shape-rendering=\"crispEdges\"");
		assertThat(decode(rasterise(svg), symbology)).isEqualTo(URI);
	}

	@Test
	void qrModulesAndPixelsAreIdenticalToZxingsOwnWriter() throws Exception {
		for (CodeImageSpec.ErrorCorrection level : CodeImageSpec.ErrorCorrection.values()) {
			CodeImageSpec spec = new CodeImageSpec(Symbology.QR_CODE, 5, 4, level);
			Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
			hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.valueOf(level.name()));
			hints.put(EncodeHintType.MARGIN, 4);
			BitMatrix reference = new QRCodeWriter().encode(URI, BarcodeFormat.QR_CODE, 1, 1, hints);
			BitMatrix scaled = new QRCodeWriter().encode(URI, BarcodeFormat.QR_CODE, reference.getWidth() * 5,
					reference.getHeight() * 5, hints);
			BufferedImage expected = MatrixToImageWriter.toBufferedImage(scaled);
			BufferedImage actual = readPng(CodeRenderer.png(URI, spec));
			assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
			assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
			for (int y = 0; y < actual.getHeight(); y++) {
				for (int x = 0; x < actual.getWidth(); x++) {
					assertThat(actual.getRGB(x, y) & 0xffffff).as("pixel %d,%d at %s", x, y, level)
						.isEqualTo(expected.getRGB(x, y) & 0xffffff);
				}
			}
		}
	}

	@Test
	void gs1DataMatrixCarriesTheElementStringWithFnc1() throws Exception {
		String elementString = DigitalLink.parse(URI).elementString();
		assertThat(elementString).isEqualTo("^010952012345678810ABC1^21XA2P2H2WGXQHE1JS^17261231");
		for (String text : new String[] { elementString, "^00106141412345678908",
				"^0109520123456788" + "21" + "X".repeat(20), "^01095201234567881726123110" + "A1B2C3D4E5F6G7H8I9J0"
						+ "^21" + "0123456789abcdefghij" + "^99" + "Z".repeat(90) }) {
			CodeImageSpec spec = new CodeImageSpec(Symbology.GS1_DATA_MATRIX, 3, 2, CodeImageSpec.ErrorCorrection.M);
			for (BufferedImage image : new BufferedImage[] { readPng(CodeRenderer.png(text, spec)),
					rasterise(CodeRenderer.svg(text, spec)) }) {
				BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
				com.google.zxing.Result result = new DataMatrixReader().decode(bitmap,
						Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
				// ZXing reports every FNC1 as GS (0x1D), the first one too, and symbology
				// identifier ]d2
				assertThat(result.getText()).as(text).isEqualTo(text.replace('^', (char) 0x1d));
				assertThat(result.getResultMetadata())
					.containsEntry(com.google.zxing.ResultMetadataType.SYMBOLOGY_IDENTIFIER, "]d2");
			}
		}
		// a plain Data Matrix of the same text is not GS1
		com.google.zxing.Result plain = new DataMatrixReader().decode(
				new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(
						readPng(CodeRenderer.png(elementString, CodeImageSpec.dataMatrix()))))),
				Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
		assertThat(plain.getResultMetadata()).containsEntry(com.google.zxing.ResultMetadataType.SYMBOLOGY_IDENTIFIER,
				"]d1");
		CodeImageSpec gs1 = new CodeImageSpec(Symbology.GS1_DATA_MATRIX, 3, 2, CodeImageSpec.ErrorCorrection.M);
		assertThatThrownBy(() -> CodeRenderer.png("^01 2", gs1)).hasMessageContaining("not in GS1 character set 82");
		assertThatThrownBy(() -> CodeRenderer.png("^", gs1)).hasMessageContaining("empty");
	}

	@Test
	void higherErrorCorrectionGivesALargerSymbol() {
		int low = moduleCount(
				CodeRenderer.svg(URI, new CodeImageSpec(Symbology.QR_CODE, 1, 0, CodeImageSpec.ErrorCorrection.L)));
		int high = moduleCount(
				CodeRenderer.svg(URI, new CodeImageSpec(Symbology.QR_CODE, 1, 0, CodeImageSpec.ErrorCorrection.H)));
		assertThat(low).isEqualTo(33); // 74 bytes: version 4-L (capacity 78 bytes), 4 x 4
										// + 17 modules
		assertThat(high).isEqualTo(49); // version 8-H (capacity 84 bytes)
	}

	@Test
	void pngIsOneBitGrayscaleOfTheRequestedSize() {
		CodeImageSpec spec = new CodeImageSpec(Symbology.QR_CODE, 3, 4, CodeImageSpec.ErrorCorrection.L);
		byte[] png = CodeRenderer.png(URI, spec);
		assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
		int width = ((png[16] & 0xff) << 24) | ((png[17] & 0xff) << 16) | ((png[18] & 0xff) << 8) | (png[19] & 0xff);
		assertThat(width).isEqualTo((33 + 8) * 3);
		assertThat(png[24]).as("bit depth").isEqualTo((byte) 1);
		assertThat(png[25]).as("colour type").isEqualTo((byte) 0);
		assertThat(png.length).isLessThan(1200);
	}

	@Test
	void svgOfAKnownSymbolIsCompact() {
		String svg = CodeRenderer.svg(URI, CodeImageSpec.qr());
		assertThat(svg).contains("width=\"360\" height=\"360\" viewBox=\"0 0 45 45\"");
		assertThat(svg.length()).isLessThan(12_000);
	}

	@Test
	void refusesTextThatDoesNotFitAndBadSpecs() {
		assertThatThrownBy(() -> CodeRenderer.svg("x".repeat(5000), CodeImageSpec.qr()))
			.isInstanceOf(InvalidCodeException.class)
			.hasMessageContaining("cannot encode 5000 characters in a QR_CODE");
		assertThatThrownBy(() -> CodeRenderer.png("", CodeImageSpec.dataMatrix())).hasMessageContaining("empty text");
		assertThatThrownBy(() -> new CodeImageSpec(Symbology.QR_CODE, 0, 4, CodeImageSpec.ErrorCorrection.M))
			.hasMessageContaining("module size must be 1..100");
	}

	private static int moduleCount(String svg) {
		Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
		assertThat(box.find()).isTrue();
		return Integer.parseInt(box.group(1));
	}

}
