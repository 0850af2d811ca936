package com.veritrace.catalog;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.jspecify.annotations.Nullable;

import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.Pictures;
import com.veritrace.shared.TooLargeException;
import com.veritrace.shared.UnsupportedTypeException;

/**
 * Checks an uploaded product image and makes its thumbnail (plain Java: javax.imageio and
 * java.awt, headless). The type is judged by the content (PNG or JPEG signature), never
 * by the file's name; the size in bytes and the sides in pixels are checked before the
 * image is decoded, so a small file that claims a huge image is refused without
 * allocating it.
 */
final class ProductImages {

	static final long MAX_BYTES = 5L * 1024 * 1024;

	static final int MAX_SIDE = 6000;

	static final int THUMBNAIL_SIDE = 320;

	/** The problem types the portal explains in its own words. */
	static final String TOO_LARGE = "image-too-large";

	static final String TOO_WIDE = "image-too-wide";

	static final String WRONG_TYPE = "image-type";

	static final String UNREADABLE = "image-unreadable";

	private ProductImages() {
	}

	/** What is stored: the thumbnail (JPEG) and what the source was. */
	record Thumbnail(byte[] jpeg, int width, int height, String sourceType, int sourceWidth, int sourceHeight,
			long sourceBytes) {
	}

	static Thumbnail thumbnail(byte[] content) {
		if (content.length > MAX_BYTES) {
			throw new TooLargeException(TOO_LARGE, "Image too large",
					"The image has " + content.length + " bytes; at most " + MAX_BYTES + " are accepted",
					List.of(new FieldProblem("image", "at most " + MAX_BYTES + " bytes")));
		}
		String type = sniff(content);
		if (type == null) {
			throw new UnsupportedTypeException(WRONG_TYPE, "Not a PNG or JPEG image",
					"Only PNG and JPEG images are accepted (judged by the file's content)",
					List.of(new FieldProblem("image", "must be a PNG or JPEG image")));
		}
		try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
			Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(type);
			if (in == null || !readers.hasNext()) {
				throw unreadable();
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(in, true, true);
				int width = reader.getWidth(0);
				int height = reader.getHeight(0);
				if (width > MAX_SIDE || height > MAX_SIDE) {
					throw new TooLargeException(TOO_WIDE, "Image too large",
							"The image is " + width + " x " + height + " pixels; at most " + MAX_SIDE
									+ " pixels a side are accepted",
							List.of(new FieldProblem("image", "at most " + MAX_SIDE + " pixels a side")));
				}
				// decode only every n-th pixel (twice the thumbnail's resolution is kept
				// for a smooth result): a 6000-pixel image never becomes 144 MB of pixels
				int step = Math.max(1, Math.max(width, height) / (THUMBNAIL_SIDE * 2));
				ImageReadParam param = reader.getDefaultReadParam();
				param.setSourceSubsampling(step, step, 0, 0);
				BufferedImage source = reader.read(0, param);
				return scaled(source, width, height, type.toUpperCase(java.util.Locale.ROOT), content.length);
			}
			finally {
				reader.dispose();
			}
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof TooLargeException || ex instanceof UnsupportedTypeException) {
				throw (RuntimeException) ex;
			}
			throw unreadable();
		}
	}

	/** "png", "jpeg" or null, from the first bytes. */
	static @Nullable String sniff(byte[] content) {
		return Pictures.sniff(content);
	}

	private static Thumbnail scaled(BufferedImage source, int sourceWidth, int sourceHeight, String type, long bytes) {
		BufferedImage target = Pictures.scaled(source, THUMBNAIL_SIDE);
		return new Thumbnail(Pictures.jpeg(target, 0.85f), target.getWidth(), target.getHeight(), type, sourceWidth,
				sourceHeight, bytes);
	}

	private static UnsupportedTypeException unreadable() {
		return new UnsupportedTypeException(UNREADABLE, "Unreadable image",
				"The file looks like a PNG or JPEG image but could not be read",
				List.of(new FieldProblem("image", "could not be read as an image")));
	}

}
