package com.veritrace.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.support.ApiClient;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Origin media (issue 21 item 1) against the real application and MariaDB: a brand's
 * owner adds pictures (re-encoded, metadata gone, hashed), a video file (served with
 * range requests) and a video link; refusals by content, size, pixel count and host;
 * another organisation sees none of it (404) and roles are checked on the server; the
 * scan page shows the media lazily with their sizes, and names a link's host in its
 * Content-Security-Policy only when the page plays it.
 */
@MariaDbIntegrationTest
class OriginMediaIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	Portal portal;

	ApiClient.Tenant brand;

	String gtin;

	Portal.Person owner;

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.portal = new Portal(this.mvc, this.accounts);
		this.brand = this.api.tenant(ApiClient.unique("Media brand"), "BRAND", "read", "products:write");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + this.gtin + "\",\"name\":\"Tea\"}",
				201);
		for (String lot : List.of("L1", "L2", "L3")) {
			this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(),
					"{\"lotNumber\":\"" + lot + "\"}", 201);
		}
		this.owner = this.portal.login(this.brand.id(), Role.OWNER);
	}

	@Test
	void aPictureIsReencodedWithoutItsMetadataHashedAndServedAtTwoSizes() throws Exception {
		byte[] photo = withExif(jpeg(2400, 1600));
		assertThat(new String(photo, StandardCharsets.ISO_8859_1)).contains("Exif").contains("GPS secret place");
		this.mvc
			.perform(upload("/portal/media/" + this.gtin + "/images", "picture.jpg", "image/jpeg", photo)
				.param("caption", "Tea garden in spring"))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("added", true));
		Map<String, Object> row = this.jdbc.queryForMap(
				"SELECT * FROM origin_media m JOIN product p ON p.id = m.product_id WHERE p.gtin = ?", this.gtin);
		assertThat(row).containsEntry("kind", "IMAGE")
			.containsEntry("caption", "Tea garden in spring")
			.containsEntry("width", 1280)
			.containsEntry("height", 853)
			.containsEntry("thumb_width", 320)
			.containsEntry("lot_id", null);
		String id = (String) row.get("public_id");
		MvcResult display = this.mvc.perform(get("/h5/media/" + id + ".jpg"))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "image/jpeg"))
			.andExpect(header().string("Cache-Control", containsString("immutable")))
			.andExpect(header().string("X-Document-Hash", (String) row.get("digest")))
			.andReturn();
		byte[] body = display.getResponse().getContentAsByteArray();
		// what is served is what was hashed, with SHA-256 as reports are
		assertThat("ni:///sha-256;" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)))
			.isEqualTo(row.get("digest"));
		// the camera's and the place's data are gone: only pixels were written
		String text = new String(body, StandardCharsets.ISO_8859_1);
		assertThat(text).doesNotContain("Exif").doesNotContain("GPS secret place");
		BufferedImage shown = ImageIO.read(new ByteArrayInputStream(body));
		assertThat(shown.getWidth()).isEqualTo(1280);
		byte[] thumb = this.mvc.perform(get("/h5/media/" + id + "/thumb.jpg"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		assertThat(ImageIO.read(new ByteArrayInputStream(thumb)).getWidth()).isEqualTo(320);
		// the portal lists it with its digest; the audit log has the change
		this.mvc.perform(this.owner.as(get("/portal/media/" + this.gtin)).param("lang", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Tea garden in spring")))
			.andExpect(content().string(containsString((String) row.get("digest"))));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry WHERE organisation_id = ? AND action = ?",
				Integer.class, this.brand.id(), "media.image-added"))
			.isEqualTo(1);
		this.mvc.perform(get("/h5/media/00000000-0000-0000-0000-000000000000.jpg")).andExpect(status().isNotFound());
		this.mvc.perform(get("/h5/media/nonsense.jpg")).andExpect(status().isNotFound());
	}

	@Test
	void uploadsAreRefusedByContentSizeAndPixelsAndLinksByHost() throws Exception {
		String page = "/portal/media/" + this.gtin;
		// the refusal is shown next to its field after the redirect, in the person's
		// language (first, while the session holds no other refusal's flash attributes)
		refused(upload(page + "/images", "bomb.png", "image/png", pngHeader(60_000, 60_000)),
				"media.error.media-too-many-pixels");
		this.mvc.perform(this.owner.as(get(page)).param("lang", "zh-CN"))
			.andExpect(content().string(containsString("id=\"image-error\"")))
			.andExpect(content().string(containsString("图片像素过多")));
		// a script named like a picture: judged by its content
		refused(upload(page + "/images", "cat.png", "image/png", "<svg onload=alert(1)/>".getBytes()),
				"media.error.media-type");
		// a GIF is an image, but not one accepted
		refused(upload(page + "/images", "cat.jpg", "image/jpeg", "GIF89a....".getBytes()), "media.error.media-type");
		// too large: refused before it is decoded
		byte[] big = Arrays.copyOf(png(4, 4), 10 * 1024 * 1024 + 1);
		refused(upload(page + "/images", "big.png", "image/png", big), "media.error.media-too-large");
		// a 50,000 x 50,000 picture in a few bytes (a decompression bomb): the header
		// alone
		// refuses it
		refused(upload(page + "/images", "bomb.png", "image/png", pngHeader(50_000, 50_000)),
				"media.error.media-too-many-pixels");
		// a text file named like a video
		refused(upload(page + "/video", "farm.mp4", "video/mp4", "not a video at all".getBytes()),
				"media.error.media-type");
		// links: a host the brand did not allow, plain http, an address
		refused(this.owner.form(post(page + "/link")).param("url", "https://evil.example.net/live.mp4"),
				"media.error.media-host-not-allowed");
		this.mvc.perform(this.owner.form(post(page + "/hosts")).param("host", "live.example.com"))
			.andExpect(status().isFound());
		refused(this.owner.form(post(page + "/link")).param("url", "http://live.example.com/live.mp4"),
				"media.error.url");
		refused(this.owner.form(post(page + "/link")).param("url", "https://127.0.0.1/live.mp4"), "media.error.url");
		refused(this.owner.form(post(page + "/link")).param("url", "https://user@live.example.com/x.mp4"),
				"media.error.url");
		refused(this.owner.form(post(page + "/hosts")).param("host", "169.254.169.254"), "media.error.host");
		refused(this.owner.form(post(page + "/hosts")).param("host", "https://x.example.com/"), "media.error.host");
		assertThat(count()).isZero();
		// an allowed host's link is taken
		this.mvc.perform(this.owner.form(post(page + "/link")).param("url", "https://live.example.com/farm/live.mp4"))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("added", true));
		assertThat(count()).isOne();
		// a form without its CSRF token is refused
		this.mvc.perform(this.owner.as(post(page + "/hosts")).param("host", "other.example.com"))
			.andExpect(status().isForbidden());
	}

	@Test
	void aVideoFileIsServedWithRangeRequests() throws Exception {
		byte[] video = mp4(5000);
		this.mvc
			.perform(upload("/portal/media/" + this.gtin + "/video", "farm.mov", "application/octet-stream", video)
				.param("lot", "L1"))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("added", true));
		Map<String, Object> row = this.jdbc.queryForMap(
				"SELECT m.* FROM origin_media m JOIN lot l ON l.id = m.lot_id WHERE l.lot_number = 'L1' AND m.brand_id = ?",
				this.brand.id());
		assertThat(row).containsEntry("kind", "VIDEO")
			.containsEntry("content_type", "video/mp4")
			.containsEntry("bytes", (long) video.length);
		String url = "/h5/media/" + row.get("public_id");
		this.mvc.perform(get(url))
			.andExpect(status().isOk())
			.andExpect(header().string("Accept-Ranges", "bytes"))
			.andExpect(header().string("Content-Type", "video/mp4"))
			.andExpect(content().bytes(video));
		MvcResult part = this.mvc.perform(get(url).header("Range", "bytes=100-199"))
			.andExpect(status().isPartialContent())
			.andExpect(header().string("Content-Range", "bytes 100-199/" + video.length))
			.andReturn();
		assertThat(part.getResponse().getContentAsByteArray()).isEqualTo(Arrays.copyOfRange(video, 100, 200));
		this.mvc.perform(get(url).header("Range", "bytes=-10"))
			.andExpect(status().isPartialContent())
			.andExpect(content().bytes(Arrays.copyOfRange(video, video.length - 10, video.length)));
		this.mvc.perform(get(url).header("Range", "bytes=" + video.length + "-"))
			.andExpect(status().isRequestedRangeNotSatisfiable());
		// a second video for the same lot is refused; the product may have its own
		refused(upload("/portal/media/" + this.gtin + "/video", "b.mp4", "video/mp4", mp4(100)).param("lot", "L1"),
				"media.error.media-video-taken");
	}

	@Test
	void anotherOrganisationSeesNoneOfItAndRolesAreCheckedOnTheServer() throws Exception {
		this.mvc.perform(upload("/portal/media/" + this.gtin + "/images", "p.png", "image/png", png(40, 30)))
			.andExpect(status().isFound());
		String id = this.jdbc.queryForObject("SELECT public_id FROM origin_media WHERE brand_id = ?", String.class,
				this.brand.id());
		ApiClient.Tenant other = this.api.tenant(ApiClient.unique("Other brand"), "BRAND", "read", "products:write");
		String otherGtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), other.key(), "{\"gtin\":\"" + otherGtin + "\",\"name\":\"Other\"}",
				201);
		Portal.Person stranger = this.portal.login(other.id(), Role.OWNER);
		String page = "/portal/media/" + this.gtin;
		this.mvc.perform(stranger.as(get(page))).andExpect(status().isNotFound());
		this.mvc.perform(stranger.as(get(page)).param("lot", "L1")).andExpect(status().isNotFound());
		this.mvc.perform(stranger.form(post(page + "/items/" + id + "/delete"))).andExpect(status().isNotFound());
		this.mvc.perform(stranger.form(post(page + "/items/" + id + "/move")).param("by", "1"))
			.andExpect(status().isNotFound());
		this.mvc.perform(upload(stranger, page + "/images", "p.png", "image/png", png(40, 30)))
			.andExpect(status().isNotFound());
		this.mvc.perform(stranger.form(post(page + "/link")).param("url", "https://x.example.com/a.mp4"))
			.andExpect(status().isNotFound());
		// its own product's path does not reach the first brand's medium either
		this.mvc.perform(stranger.form(post("/portal/media/" + otherGtin + "/items/" + id + "/delete")))
			.andExpect(status().isNotFound());
		// a viewer reads, may not change
		Portal.Person viewer = this.portal.login(this.brand.id(), Role.VIEWER);
		this.mvc.perform(viewer.as(get(page))).andExpect(status().isOk());
		this.mvc.perform(upload(viewer, page + "/images", "p.png", "image/png", png(40, 30)))
			.andExpect(status().isForbidden());
		this.mvc.perform(viewer.form(post(page + "/items/" + id + "/delete"))).andExpect(status().isForbidden());
		this.mvc.perform(viewer.form(post(page + "/hosts")).param("host", "a.example.com"))
			.andExpect(status().isForbidden());
		assertThat(count()).isOne();
		// the owner removes it
		this.mvc.perform(this.owner.form(post(page + "/items/" + id + "/delete"))).andExpect(status().isFound());
		assertThat(count()).isZero();
	}

	@Test
	void theScanPageShowsTheLotsAndTheProductsMediaLazilyWithTheirSizes() throws Exception {
		String page = "/portal/media/" + this.gtin;
		this.mvc.perform(upload(page + "/images", "p.png", "image/png", png(800, 600)).param("caption", "The garden"))
			.andExpect(status().isFound());
		this.mvc
			.perform(upload(page + "/images", "q.png", "image/png", png(600, 800)).param("lot", "L2")
				.param("caption", "Picked on 3 April"))
			.andExpect(status().isFound());
		this.mvc.perform(this.owner.form(post(page + "/hosts")).param("host", "live.example.com"))
			.andExpect(status().isFound());
		this.mvc
			.perform(this.owner.form(post(page + "/link"))
				.param("lot", "L3")
				.param("url", "https://live.example.com/farm/today.mp4"))
			.andExpect(status().isFound());
		List<String> ids = this.jdbc.queryForList(
				"SELECT public_id FROM origin_media WHERE brand_id = ? AND kind = 'IMAGE' ORDER BY id", String.class,
				this.brand.id());
		MvcResult scan = this.mvc.perform(get("/01/" + this.gtin + "/10/L2").param("lang", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("From the source")))
			.andExpect(content().string(containsString("src=\"/h5/media/" + ids.get(1) + "/thumb.jpg\"")))
			.andExpect(content().string(containsString("width=\"600\" height=\"800\"")))
			.andExpect(content().string(containsString("width=\"800\" height=\"600\"")))
			.andExpect(content().string(containsString("loading=\"lazy\"")))
			.andExpect(content().string(containsString("Picked on 3 April")))
			// no link of another lot, no inline style or script
			.andExpect(content().string(not(containsString("live.example.com"))))
			.andExpect(content().string(not(containsString("style="))))
			.andExpect(header().string("Content-Security-Policy", not(containsString("live.example.com"))))
			.andReturn();
		String html = scan.getResponse().getContentAsString();
		// the lot's picture before the product's, both below the verdict
		assertThat(html.indexOf(ids.get(1))).isLessThan(html.indexOf(ids.get(0)));
		assertThat(html.indexOf("id=\"verdict\"")).isLessThan(html.indexOf("id=\"origin-media\""));
		// the lot with the link plays it, and only its page allows its host as a media
		// source
		this.mvc.perform(get("/01/" + this.gtin + "/10/L3").param("lang", "zh-CN"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("产地与生产")))
			.andExpect(content().string(containsString("<video src=\"https://live.example.com/farm/today.mp4\"")))
			.andExpect(content().string(containsString("preload=\"none\"")))
			.andExpect(header().string("Content-Security-Policy",
					containsString("media-src 'self' https://live.example.com")))
			.andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")));
		// a page without media is as it was
		this.mvc.perform(get("/01/" + ApiClient.randomGtin()).param("lang", "en"))
			.andExpect(content().string(not(containsString("origin-media"))));
	}

	private int count() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM origin_media WHERE brand_id = ?", Integer.class,
				this.brand.id());
	}

	private void refused(RequestBuilder request, String message) throws Exception {
		this.mvc.perform(request).andExpect(status().isFound()).andExpect(flash().attribute("error", message));
	}

	private MockMultipartHttpServletRequestBuilder upload(String path, String name, String type, byte[] content) {
		return upload(this.owner, path, name, type, content);
	}

	private static MockMultipartHttpServletRequestBuilder upload(Portal.Person person, String path, String name,
			String type, byte[] content) {
		MockMultipartHttpServletRequestBuilder request = multipart(path)
			.file(new MockMultipartFile("file", name, type, content));
		request.cookie(person.session()).with(csrf());
		return request;
	}

	static byte[] png(int width, int height) throws Exception {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int x = 0; x < width; x++) {
			for (int y = 0; y < height; y += 7) {
				image.setRGB(x, y, 0x2266aa + x * 31 + y);
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	static byte[] jpeg(int width, int height) throws Exception {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int x = 0; x < width; x += 3) {
			image.setRGB(x, x % height, 0x3a7d44);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "jpeg", out);
		return out.toByteArray();
	}

	/** The JPEG with an EXIF segment (APP1) after its start marker, as a phone writes. */
	static byte[] withExif(byte[] jpeg) {
		byte[] payload = "Exif\0\0MM\0*\0\0\0\bGPS secret place 30.25N 120.15E".getBytes(StandardCharsets.ISO_8859_1);
		ByteBuffer out = ByteBuffer.allocate(jpeg.length + payload.length + 4);
		out.put(jpeg, 0, 2);
		out.put((byte) 0xff).put((byte) 0xe1).putShort((short) (payload.length + 2)).put(payload);
		out.put(jpeg, 2, jpeg.length - 2);
		return out.array();
	}

	/** A PNG signature and an IHDR chunk claiming the size, and nothing else. */
	static byte[] pngHeader(int width, int height) {
		ByteBuffer ihdr = ByteBuffer.allocate(17);
		ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height);
		ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
		CRC32 crc = new CRC32();
		crc.update(ihdr.array());
		ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4 + 12);
		png.put(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a });
		png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
		png.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0xae426082);
		return png.array();
	}

	/** An ISO BMFF file's first box ({@code ftyp isom}) and {@code n} more bytes. */
	static byte[] mp4(int n) {
		byte[] video = new byte[24 + n];
		byte[] head = { 0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p',
				'4', '1' };
		System.arraycopy(head, 0, video, 0, head.length);
		for (int i = 0; i < n; i++) {
			video[24 + i] = (byte) (i * 7 + 3);
		}
		return video;
	}

}
