package com.veritrace.catalog;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.veritrace.shared.TooLargeException;
import com.veritrace.shared.UnsupportedTypeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The product picture's checks and thumbnail, without a server. */
class ProductImagesTests {

	@Test
	void aPngBecomesAJpegThumbnailOfAtMost320PixelsKeepingItsShape() throws Exception {
		ProductImages.Thumbnail t = ProductImages
			.thumbnail(encode(new BufferedImage(1000, 250, BufferedImage.TYPE_INT_ARGB), "png"));
		BufferedImage jpeg = ImageIO.read(new ByteArrayInputStream(t.jpeg()));
		assertThat(ProductImages.sniff(t.jpeg())).isEqualTo("jpeg");
		assertThat(new int[] { jpeg.getWidth(), jpeg.getHeight(), t.width(), t.height() }).containsExactly(320, 80, 320,
				80);
		assertThat(t.sourceType()).isEqualTo("PNG");
		assertThat(new int[] { t.sourceWidth(), t.sourceHeight() }).containsExactly(1000, 250);
		// transparent pixels are shown on white, not black
		assertThat(jpeg.getRGB(10, 10) & 0xffffff).isGreaterThan(0xf0f0f0);
	}

	@Test
	void aSmallImageIsNotEnlarged() throws Exception {
		ProductImages.Thumbnail t = ProductImages
			.thumbnail(encode(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "jpeg"));
		assertThat(new int[] { t.width(), t.height() }).containsExactly(40, 30);
		assertThat(t.sourceType()).isEqualTo("JPEG");
	}

	@Test
	void theTypeIsJudgedByTheContent() {
		assertThatThrownBy(() -> ProductImages.thumbnail("GIF89a....".getBytes()))
			.isInstanceOf(UnsupportedTypeException.class)
			.extracting(e -> ((UnsupportedTypeException) e).type())
			.isEqualTo(ProductImages.WRONG_TYPE);
		// a PNG signature followed by garbage is not an image either
		byte[] fake = new byte[100];
		System.arraycopy(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a }, 0, fake, 0, 8);
		assertThatThrownBy(() -> ProductImages.thumbnail(fake)).isInstanceOf(UnsupportedTypeException.class)
			.extracting(e -> ((UnsupportedTypeException) e).type())
			.isEqualTo(ProductImages.UNREADABLE);
	}

	@Test
	void tooManyBytesOrPixelsAreRefusedBeforeDecoding() throws Exception {
		assertThatThrownBy(() -> ProductImages.thumbnail(new byte[(int) ProductImages.MAX_BYTES + 1]))
			.isInstanceOf(TooLargeException.class)
			.extracting(e -> ((TooLargeException) e).type())
			.isEqualTo(ProductImages.TOO_LARGE);
		byte[] wide = encode(new BufferedImage(ProductImages.MAX_SIDE + 1, 1, BufferedImage.TYPE_BYTE_GRAY), "png");
		assertThat(wide.length).isLessThan(10_000);
		assertThatThrownBy(() -> ProductImages.thumbnail(wide)).isInstanceOf(TooLargeException.class)
			.extracting(e -> ((TooLargeException) e).type())
			.isEqualTo(ProductImages.TOO_WIDE);
		// exactly the limit is accepted (read subsampled)
		ProductImages.Thumbnail edge = ProductImages
			.thumbnail(encode(new BufferedImage(ProductImages.MAX_SIDE, 3000, BufferedImage.TYPE_BYTE_GRAY), "png"));
		assertThat(new int[] { edge.width(), edge.height() }).containsExactly(320, 160);
	}

	private static byte[] encode(BufferedImage image, String format) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, format, out);
		return out.toByteArray();
	}

}
