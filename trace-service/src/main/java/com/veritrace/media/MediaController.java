package com.veritrace.media;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Hidden;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.inspection.DocumentDigest;
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Origin media for the scan page, for anyone (no key): pictures as JPEG (display size and
 * thumbnail, checked against their digest before they are sent, like reports' documents)
 * and video files with HTTP range requests ({@code Accept-Ranges: bytes}, 206 partial
 * content, 416 for a range past the end: Spring MVC's resource regions). A medium's
 * address never changes content (a new upload is a new id), so it is cached for a year;
 * the digest goes with it ({@code Repr-Digest}, {@code X-Document-Hash}).
 */
@RestController
@Hidden
class MediaController {

	private static final Logger log = LoggerFactory.getLogger(MediaController.class);

	private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	static final Duration MAX_AGE = Duration.ofDays(365);

	private final MediaService media;

	MediaController(MediaService media) {
		this.media = media;
	}

	@GetMapping("/h5/media/{id}.jpg")
	ResponseEntity<byte[]> image(@PathVariable String id) throws IOException {
		return picture(id, false);
	}

	@GetMapping("/h5/media/{id}/thumb.jpg")
	ResponseEntity<byte[]> thumbnail(@PathVariable String id) throws IOException {
		return picture(id, true);
	}

	@GetMapping("/h5/media/{id}")
	ResponseEntity<Resource> video(@PathVariable String id) {
		MediaService.Served served = ID.matcher(id).matches()
				? this.media.served(id, false).filter(s -> !s.image()).orElse(null) : null;
		if (served == null) {
			return ResponseEntity.notFound().cacheControl(CacheControl.noStore()).build();
		}
		// a resource with a known length: Spring answers a Range header with 206 and the
		// regions asked for, reading only them from the store
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(served.contentType()))
			.cacheControl(CacheControl.maxAge(MAX_AGE).cachePublic().immutable())
			.eTag("\"" + DocumentDigest.parse(served.digest()).hex() + "\"")
			.headers(digestHeaders(served))
			.body(new StoredResource(this.media, served));
	}

	private ResponseEntity<byte[]> picture(String id, boolean thumbnail) throws IOException {
		MediaService.Served served = ID.matcher(id).matches()
				? this.media.served(id, thumbnail).filter(MediaService.Served::image).orElse(null) : null;
		if (served == null) {
			return ResponseEntity.notFound().cacheControl(CacheControl.noStore()).build();
		}
		byte[] content;
		try (InputStream in = this.media.open(served)) {
			content = in.readAllBytes();
		}
		if (!this.media.matches(served, content)) {
			log.error("Origin media {} does not match its digest {}: not served", id, served.digest());
			return ResponseEntity.status(500).cacheControl(CacheControl.noStore()).build();
		}
		return ResponseEntity.ok()
			.contentType(MediaType.IMAGE_JPEG)
			.cacheControl(CacheControl.maxAge(MAX_AGE).cachePublic().immutable())
			.eTag("\"" + DocumentDigest.parse(served.digest()).hex() + "\"")
			.headers(digestHeaders(served))
			.body(content);
	}

	private static HttpHeaders digestHeaders(MediaService.Served served) {
		HttpHeaders headers = new HttpHeaders();
		DocumentDigest digest = DocumentDigest.parse(served.digest());
		headers.set("X-Document-Hash", digest.ni());
		if (digest.algorithm().name().equals("SHA_256")) {
			headers.set("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(digest.bytes()) + ":");
		}
		headers.set("X-Content-Type-Options", "nosniff");
		return headers;
	}

	/** A stored file with its length from the row, opened from the store when read. */
	static final class StoredResource extends AbstractResource {

		private final MediaService media;

		private final MediaService.Served served;

		StoredResource(MediaService media, MediaService.Served served) {
			this.media = media;
			this.served = served;
		}

		@Override
		public InputStream getInputStream() throws IOException {
			return this.media.open(this.served);
		}

		@Override
		public long contentLength() {
			return this.served.length();
		}

		@Override
		public boolean exists() {
			return true;
		}

		@Override
		public String getDescription() {
			return "origin media " + this.served.key();
		}

	}

}
