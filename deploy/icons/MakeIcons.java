import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Draws Veritrace's default icons (the scan page's favicon, app icons and share picture) from the same
 * geometry as consumer-h5's static/h5/icons/veritrace.svg: a green rounded square with a white shield and
 * a check mark, on a 64-unit grid. Run from the repository's root with the JDK alone:
 *
 * <pre>java -Djava.awt.headless=true deploy/icons/MakeIcons.java</pre>
 *
 * It writes static/favicon.ico (16, 32 and 48 px PNGs in one ICO) and static/h5/icons/*.png into
 * consumer-h5's resources.
 */
public class MakeIcons {

	static final Color GREEN = new Color(0x0a6b2f);

	public static void main(String[] args) throws IOException {
		Path statics = Path.of("consumer-h5", "src", "main", "resources", "static");
		Path icons = statics.resolve("h5").resolve("icons");
		Files.createDirectories(icons);
		Files.write(icons.resolve("icon-192.png"), png(draw(192, true)));
		Files.write(icons.resolve("icon-512.png"), png(draw(512, true)));
		// iOS puts its own rounded mask on the square: full bleed, no transparency
		Files.write(icons.resolve("apple-touch-icon.png"), png(draw(180, false)));
		List<byte[]> entries = new ArrayList<>();
		for (int size : new int[] { 16, 32, 48 }) {
			entries.add(png(draw(size, true)));
		}
		Files.write(statics.resolve("favicon.ico"), ico(new int[] { 16, 32, 48 }, entries));
	}

	/** The icon at {@code size} px; {@code rounded}: transparent corners. */
	static BufferedImage draw(int size, boolean rounded) {
		BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
		double scale = size / 64.0;
		g.transform(AffineTransform.getScaleInstance(scale, scale));
		g.setColor(GREEN);
		if (rounded) {
			g.fill(new RoundRectangle2D.Double(0, 0, 64, 64, 24, 24));
		}
		else {
			g.fillRect(0, 0, 64, 64);
		}
		// the shield: M32 10 L50 17 V31 C50 43 42 51 32 55 C22 51 14 43 14 31 V17 Z
		Path2D shield = new Path2D.Double();
		shield.moveTo(32, 10);
		shield.lineTo(50, 17);
		shield.lineTo(50, 31);
		shield.curveTo(50, 43, 42, 51, 32, 55);
		shield.curveTo(22, 51, 14, 43, 14, 31);
		shield.lineTo(14, 17);
		shield.closePath();
		g.setColor(Color.WHITE);
		g.fill(shield);
		// the check: M23 32 L29.5 38.5 L42 26, stroke 5, round
		Path2D check = new Path2D.Double();
		check.moveTo(23, 32);
		check.lineTo(29.5, 38.5);
		check.lineTo(42, 26);
		g.setColor(GREEN);
		g.setStroke(new BasicStroke(5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
		g.draw(check);
		g.dispose();
		return image;
	}

	static byte[] png(BufferedImage image) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	/** An ICO file whose images are PNGs (read by every browser since IE 7). */
	static byte[] ico(int[] sizes, List<byte[]> pngs) {
		int offset = 6 + 16 * pngs.size();
		int total = offset + pngs.stream().mapToInt(p -> p.length).sum();
		ByteBuffer ico = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
		ico.putShort((short) 0).putShort((short) 1).putShort((short) pngs.size());
		for (int i = 0; i < pngs.size(); i++) {
			ico.put((byte) sizes[i]).put((byte) sizes[i]).put((byte) 0).put((byte) 0);
			ico.putShort((short) 1).putShort((short) 32).putInt(pngs.get(i).length).putInt(offset);
			offset += pngs.get(i).length;
		}
		pngs.forEach(ico::put);
		return ico.array();
	}

}
