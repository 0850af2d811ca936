package com.veritrace.shared;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.jspecify.annotations.Nullable;

/**
 * What the product picture and the origin media share (plain Java, headless AWT): the
 * type of an upload by its first bytes, scaling onto white, and JPEG encoding of pixels
 * alone (no metadata is written: EXIF, XMP, ICC and comments of the source are gone).
 */
public final class Pictures {

	private Pictures() {
	}

	/** "png", "jpeg" or null, from the first bytes. */
	public static @Nullable String sniff(byte[] content) {
		if (content.length >= 8 && (content[0] & 0xff) == 0x89 && content[1] == 'P' && content[2] == 'N'
				&& content[3] == 'G' && content[4] == 0x0d && content[5] == 0x0a && content[6] == 0x1a
				&& content[7] == 0x0a) {
			return "png";
		}
		if (content.length >= 3 && (content[0] & 0xff) == 0xff && (content[1] & 0xff) == 0xd8
				&& (content[2] & 0xff) == 0xff) {
			return "jpeg";
		}
		return null;
	}

	/**
	 * The image scaled to at most {@code side} pixels on its longer side (never
	 * enlarged), a transparent PNG on white, as a page shows it.
	 */
	public static BufferedImage scaled(BufferedImage source, int side) {
		int w = source.getWidth();
		int h = source.getHeight();
		double factor = Math.min(1.0, (double) side / Math.max(w, h));
		int tw = Math.max(1, (int) Math.round(w * factor));
		int th = Math.max(1, (int) Math.round(h * factor));
		BufferedImage target = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = target.createGraphics();
		try {
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, tw, th);
			g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
			g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
			g.drawImage(source, 0, 0, tw, th, null);
		}
		finally {
			g.dispose();
		}
		return target;
	}

	/** The pixels as a JPEG of the given quality (0..1), without metadata. */
	public static byte[] jpeg(BufferedImage image, float quality) {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
			writer.setOutput(stream);
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(quality);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			writer.dispose();
		}
		return out.toByteArray();
	}

}
