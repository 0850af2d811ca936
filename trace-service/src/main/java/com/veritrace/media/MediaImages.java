package com.veritrace.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.Pictures;
import com.veritrace.shared.TooLargeException;
import com.veritrace.shared.UnsupportedTypeException;

/**
 * Makes a brand's picture fit for the scan page, in plain Java (javax.imageio, java.awt,
 * headless): the type is judged by the content (PNG or JPEG signature, then a decoder
 * that accepts it), never by the name or the declared type; the bytes and the pixel count
 * (from the header) are checked before anything is decoded, and the decoder reads only
 * every n-th pixel, so a small file that claims a huge image costs no memory. Two JPEGs
 * are written from the pixels alone (no metadata is copied: EXIF, GPS, ICC and comments
 * are gone): a display size and a thumbnail. JPEG, not WebP: no pure-Java WebP encoder is
 * on Maven Central (docs/DECISIONS.md).
 */
final class MediaImages {

	static final String TOO_LARGE = "media-too-large";

	static final String TOO_MANY_PIXELS = "media-too-many-pixels";

	static final String WRONG_TYPE = "media-type";

	static final String UNREADABLE = "media-unreadable";

	private MediaImages() {
	}

	/** One JPEG made from the upload. */
	record Rendition(byte[] jpeg, int width, int height) {
	}

	/** What is kept of an upload: the two renditions and what the source was. */
	record Made(Rendition display, Rendition thumbnail, String sourceType, int sourceWidth, int sourceHeight) {
	}

	static Made make(byte[] content, long maxBytes, long maxPixels, int displaySide, int thumbnailSide) {
		if (content.length > maxBytes) {
			throw tooLarge(content.length, maxBytes);
		}
		String type = Pictures.sniff(content);
		if (type == null) {
			throw new UnsupportedTypeException(WRONG_TYPE, "Not a PNG or JPEG image",
					"Only PNG and JPEG pictures are accepted (judged by the file's content, not its name)",
					List.of(new FieldProblem("file", "must be a PNG or JPEG image")));
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
				if (width <= 0 || height <= 0) {
					throw unreadable();
				}
				if ((long) width * height > maxPixels) {
					throw new TooLargeException(TOO_MANY_PIXELS, "Too many pixels",
							"The image is " + width + " x " + height + " pixels; at most " + maxPixels
									+ " pixels are accepted",
							List.of(new FieldProblem("file", "at most " + maxPixels + " pixels")));
				}
				// every n-th pixel only: at least the display size (twice when smaller,
				// for a
				// smooth result), never the whole raster of a large photo
				int step = Math.max(1, Math.max(width, height) / displaySide);
				ImageReadParam param = reader.getDefaultReadParam();
				param.setSourceSubsampling(step, step, 0, 0);
				BufferedImage source = reader.read(0, param);
				Rendition display = rendition(source, displaySide);
				Rendition thumbnail = rendition(source, thumbnailSide);
				return new Made(display, thumbnail, type.toUpperCase(Locale.ROOT), width, height);
			}
			finally {
				reader.dispose();
			}
		}
		catch (TooLargeException | UnsupportedTypeException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw unreadable();
		}
	}

	static TooLargeException tooLarge(long bytes, long maxBytes) {
		return new TooLargeException(TOO_LARGE, "File too large",
				"The file has " + bytes + " bytes; at most " + maxBytes + " are accepted",
				List.of(new FieldProblem("file", "at most " + maxBytes + " bytes")));
	}

	private static Rendition rendition(BufferedImage source, int side) {
		BufferedImage target = Pictures.scaled(source, side);
		return new Rendition(Pictures.jpeg(target, 0.82f), target.getWidth(), target.getHeight());
	}

	private static UnsupportedTypeException unreadable() {
		return new UnsupportedTypeException(UNREADABLE, "Unreadable image",
				"The file looks like a PNG or JPEG image but could not be read",
				List.of(new FieldProblem("file", "could not be read as an image")));
	}

}
