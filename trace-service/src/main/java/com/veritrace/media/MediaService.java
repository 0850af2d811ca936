package com.veritrace.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.CryptoProperties;
import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Lot;
import com.veritrace.catalog.Product;
import com.veritrace.inspection.DocumentDigest;
import com.veritrace.inspection.DocumentHashAlgorithm;
import com.veritrace.inspection.DocumentStore;
import com.veritrace.reports.InspectionProperties;
import com.veritrace.reports.InspectionReportService;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.ExpiringMap;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.shared.TooLargeException;
import com.veritrace.shared.UnavailableException;
import com.veritrace.shared.UnsupportedTypeException;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import org.springframework.core.io.InputStreamSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Origin media of a brand's products and lots: pictures (checked by content, re-encoded,
 * metadata stripped), at most one video (an uploaded file or a link to a host the brand
 * allows) per product and per lot, in the brand's order, with captions. Files go to the
 * inspection reports' {@link DocumentStore} under their digest (the reports' algorithm:
 * SHA-256 unless the crypto profile says SM3); the rows keep keys and digests. Another
 * organisation's product is not found (404); reading needs READ, changing is for the
 * product's brand with products:write (CatalogService#requireOwned).
 */
@Service
public class MediaService {

	private static final Logger log = LoggerFactory.getLogger(MediaService.class);

	/** How long a scan page's media are reused for every code of a product or lot. */
	static final Duration PAGE_TTL = Duration.ofSeconds(5);

	static final String PATH = "/h5/media/";

	private final MediaRepository media;

	private final CatalogService catalog;

	private final DocumentStore store;

	private final MediaProperties properties;

	private final DocumentHashAlgorithm hash;

	private final AuditLog audit;

	private final Clock clock;

	private final ExpiringMap<PageMedia> pages = new ExpiringMap<>(20_000);

	MediaService(MediaRepository media, CatalogService catalog, DocumentStore store, MediaProperties properties,
			InspectionProperties inspection, CryptoProperties crypto, AuditLog audit, Clock clock) {
		this.media = media;
		this.catalog = catalog;
		this.store = store;
		this.properties = properties;
		this.hash = crypto.profile().documentHash(inspection.hashAlgorithm());
		this.audit = audit;
		this.clock = clock;
	}

	/** What the scan page shows, and the hosts its video elements may load from. */
	public record PageMedia(List<MediaItem> items, List<String> videoHosts) {

		public static final PageMedia NONE = new PageMedia(List.of(), List.of());

	}

	/** A file to serve: its bytes come from the store, its digest from the row. */
	public record Served(String key, String contentType, long length, String digest, boolean image) {
	}

	/** A product's own media ({@code lotNumber} null) or a lot's, for the portal. */
	@Transactional(readOnly = true)
	public List<MediaItem> list(Caller caller, String gtin, @Nullable String lotNumber) {
		Product product = this.catalog.requireReadable(caller, gtin);
		Long lotId = lotNumber == null ? null : this.catalog.lot(caller, gtin, lotNumber).getId();
		return this.media.list(product.getId(), lotId).stream().map(MediaService::item).toList();
	}

	/**
	 * Adds a picture.
	 * @throws TooLargeException too many bytes or pixels
	 * @throws UnsupportedTypeException not a readable PNG or JPEG (by content)
	 */
	@Transactional
	public MediaItem addImage(Caller caller, String gtin, @Nullable String lotNumber, byte[] content,
			@Nullable String caption) {
		Target target = writable(caller, gtin, lotNumber);
		String text = caption(caption);
		checkCount(target);
		MediaImages.Made made = MediaImages.make(content, this.properties.maxImageSize().toBytes(),
				this.properties.maxPixels(), this.properties.displaySide(), this.properties.thumbnailSide());
		DocumentStore.StoredDocument display = put(new ByteArrayInputStream(made.display().jpeg()), Long.MAX_VALUE);
		DocumentStore.StoredDocument thumb = put(new ByteArrayInputStream(made.thumbnail().jpeg()), Long.MAX_VALUE);
		MediaRow row = new MediaRow(0, UUID.randomUUID().toString(), target.product().getBrandId(),
				target.product().getId(), target.lotId(), lotNumber, MediaKind.IMAGE, 0, text, display.key(),
				display.digest().ni(), display.size(), "image/jpeg", made.display().width(), made.display().height(),
				thumb.key(), thumb.digest().ni(), thumb.size(), made.thumbnail().width(), made.thumbnail().height(),
				null, this.clock.millis());
		this.media.insert(row);
		this.audit.record(caller, "media.image-added", target.label(), made.sourceType() + " " + made.sourceWidth()
				+ "x" + made.sourceHeight() + " -> " + display.digest().ni());
		log.info("Picture {} added to {} ({} {}x{}, display {})", row.publicId(), target.label(), made.sourceType(),
				made.sourceWidth(), made.sourceHeight(), display.digest().ni());
		return item(row);
	}

	/**
	 * Adds the video file (MP4/MOV or WebM by content), streamed into the store.
	 * @throws TooLargeException more than {@code veritrace.media.max-video-size}
	 * @throws UnsupportedTypeException not a video by its first bytes
	 * @throws ConflictException the product or lot has a video already
	 */
	@Transactional
	public MediaItem addVideo(Caller caller, String gtin, @Nullable String lotNumber, long declaredSize,
			InputStreamSource content, @Nullable String caption) {
		Target target = writable(caller, gtin, lotNumber);
		String text = caption(caption);
		long max = this.properties.maxVideoSize().toBytes();
		if (declaredSize > max) {
			throw MediaImages.tooLarge(declaredSize, max);
		}
		checkCount(target);
		checkNoVideo(target);
		String type;
		try (InputStream in = content.getInputStream()) {
			type = VideoLinks.sniffVideo(in.readNBytes(16));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the upload", ex);
		}
		if (type == null) {
			throw new UnsupportedTypeException(MediaImages.WRONG_TYPE, "Not an MP4 or WebM video",
					"Only MP4 (H.264/AAC) and WebM videos are accepted (judged by the file's content, not its name)",
					List.of(new FieldProblem("file", "must be an MP4 or WebM video")));
		}
		DocumentStore.StoredDocument stored;
		try (InputStream in = content.getInputStream()) {
			stored = put(in, max);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the upload", ex);
		}
		MediaRow row = new MediaRow(0, UUID.randomUUID().toString(), target.product().getBrandId(),
				target.product().getId(), target.lotId(), lotNumber, MediaKind.VIDEO, 0, text, stored.key(),
				stored.digest().ni(), stored.size(), type, null, null, null, null, null, null, null, null,
				this.clock.millis());
		this.media.insert(row);
		this.audit.record(caller, "media.video-added", target.label(),
				type + " " + stored.size() + " bytes -> " + stored.digest().ni());
		log.info("Video {} added to {} ({}, {} bytes, {})", row.publicId(), target.label(), type, stored.size(),
				stored.digest().ni());
		return item(row);
	}

	/**
	 * Adds a link to a video or stream on a host the brand allows (never fetched here).
	 * @throws InvalidException field {@code url}
	 */
	@Transactional
	public MediaItem addVideoLink(Caller caller, String gtin, @Nullable String lotNumber, String url,
			@Nullable String caption) {
		Target target = writable(caller, gtin, lotNumber);
		String text = caption(caption);
		URI uri = VideoLinks.check(url, this.media.hosts(target.product().getBrandId()));
		checkCount(target);
		checkNoVideo(target);
		MediaRow row = new MediaRow(0, UUID.randomUUID().toString(), target.product().getBrandId(),
				target.product().getId(), target.lotId(), lotNumber, MediaKind.VIDEO_LINK, 0, text, null, null, null,
				null, null, null, null, null, null, null, null, uri.toString(), this.clock.millis());
		this.media.insert(row);
		this.audit.record(caller, "media.link-added", target.label(), uri.getHost());
		return item(row);
	}

	/**
	 * Removes a medium of the product or lot (its stored file stays: the store never
	 * deletes).
	 */
	@Transactional
	public void remove(Caller caller, String gtin, @Nullable String lotNumber, String id) {
		Target target = writable(caller, gtin, lotNumber);
		MediaRow row = mine(target, id);
		this.media.delete(row.id());
		this.audit.record(caller, "media.removed", target.label(), row.kind() + " " + row.publicId());
	}

	/** Moves a medium one place up ({@code -1}) or down ({@code +1}) in its list. */
	@Transactional
	public void move(Caller caller, String gtin, @Nullable String lotNumber, String id, int by) {
		Target target = writable(caller, gtin, lotNumber);
		MediaRow row = mine(target, id);
		List<MediaRow> rows = new ArrayList<>(this.media.list(target.product().getId(), target.lotId()));
		int at = -1;
		for (int i = 0; i < rows.size(); i++) {
			if (rows.get(i).id() == row.id()) {
				at = i;
			}
		}
		int to = Math.max(0, Math.min(rows.size() - 1, at + Integer.signum(by)));
		rows.add(to, rows.remove(at));
		for (int i = 0; i < rows.size(); i++) {
			if (rows.get(i).position() != i) {
				this.media.position(rows.get(i).id(), i);
			}
		}
	}

	/** The caller's brand's allowed video hosts. */
	@Transactional(readOnly = true)
	public List<String> hosts(Caller caller) {
		caller.require(Scope.READ);
		return this.media.hosts(caller.organisationId());
	}

	@Transactional
	public String addHost(Caller caller, String host) {
		requireBrandWriter(caller);
		String name = VideoLinks.host(host);
		if (this.media.addHost(caller.organisationId(), name, this.clock.millis())) {
			this.audit.record(caller, "media.host-allowed", name, null);
		}
		return name;
	}

	@Transactional
	public void removeHost(Caller caller, String host) {
		requireBrandWriter(caller);
		if (this.media.removeHost(caller.organisationId(), host)) {
			this.audit.record(caller, "media.host-removed", host, null);
		}
	}

	/**
	 * The media of a code's page (the lot's, then the product's), for anyone; read once
	 * per {@link #PAGE_TTL} for all codes of a product or lot. A link whose host the
	 * brand no longer allows is left out.
	 */
	public PageMedia forPage(String gtin, @Nullable String lotNumber) {
		String key = gtin + "/" + (lotNumber == null ? "" : lotNumber);
		PageMedia page = this.pages.get(key);
		if (page == null) {
			List<MediaRow> rows = this.media.forPage(gtin, lotNumber);
			if (rows.isEmpty()) {
				page = PageMedia.NONE;
			}
			else {
				List<String> allowed = this.media.hosts(rows.get(0).brandId());
				List<MediaItem> items = new ArrayList<>();
				List<String> hosts = new ArrayList<>();
				for (MediaRow row : rows) {
					MediaItem item = item(row);
					if (item.link() && !allowed.contains(item.host())) {
						continue;
					}
					if (item.link() && item.playable() && !hosts.contains(item.host())) {
						hosts.add(item.host());
					}
					items.add(item);
				}
				page = new PageMedia(List.copyOf(items), List.copyOf(hosts));
			}
			this.pages.put(key, page, PAGE_TTL);
		}
		return page;
	}

	/** A served file: {@code thumbnail} for a picture's small size. */
	@Transactional(readOnly = true)
	public Optional<Served> served(String id, boolean thumbnail) {
		return this.media.find(id).flatMap(row -> {
			if (row.kind() == MediaKind.IMAGE) {
				return Optional
					.of(thumbnail ? new Served(row.thumbKey(), "image/jpeg", row.thumbBytes(), row.thumbDigest(), true)
							: new Served(row.storeKey(), "image/jpeg", row.bytes(), row.digest(), true));
			}
			if (row.kind() == MediaKind.VIDEO && !thumbnail) {
				return Optional.of(new Served(row.storeKey(), row.contentType(), row.bytes(), row.digest(), false));
			}
			return Optional.empty();
		});
	}

	/** Opens a served file's bytes from the store. */
	public InputStream open(Served served) throws IOException {
		return this.store.open(served.key());
	}

	/** Checks bytes read from the store against the row's digest. */
	public boolean matches(Served served, byte[] content) {
		DocumentDigest expected = DocumentDigest.parse(served.digest());
		try {
			return DocumentDigest.of(expected.algorithm(), new ByteArrayInputStream(content)).matches(expected);
		}
		catch (IOException ex) {
			return false;
		}
	}

	private record Target(Product product, @Nullable Long lotId, String label) {
	}

	private Target writable(Caller caller, String gtin, @Nullable String lotNumber) {
		Product product = this.catalog.requireOwned(caller, gtin);
		if (lotNumber == null) {
			return new Target(product, null, "GTIN " + product.getGtin());
		}
		Lot lot = this.catalog.lot(caller, gtin, lotNumber);
		return new Target(product, lot.getId(), "GTIN " + product.getGtin() + " lot " + lot.getLotNumber());
	}

	private MediaRow mine(Target target, String id) {
		return this.media.find(id)
			.filter(r -> r.productId() == target.product().getId()
					&& java.util.Objects.equals(r.lotId(), target.lotId()))
			.orElseThrow(() -> NotFoundException.of("Media", "No medium " + id + " of " + target.label()));
	}

	private void checkCount(Target target) {
		if (this.media.list(target.product().getId(), target.lotId()).size() >= this.properties.maxItems()) {
			throw new ConflictException("media-full", "Too many media",
					"A product or lot has at most " + this.properties.maxItems() + " pictures and videos; remove one "
							+ "first",
					List.of(new FieldProblem("file", "at most " + this.properties.maxItems() + " media")));
		}
	}

	private void checkNoVideo(Target target) {
		if (this.media.list(target.product().getId(), target.lotId()).stream().anyMatch(r -> r.kind().video())) {
			throw new ConflictException("media-video-taken", "Already has a video",
					"A product or lot has one video; remove it before adding another",
					List.of(new FieldProblem("file", "already has a video")));
		}
	}

	private static @Nullable String caption(@Nullable String caption) {
		if (caption == null || caption.isBlank()) {
			return null;
		}
		String text = caption.strip();
		if (text.length() > 200) {
			throw InvalidException.of("caption", "at most 200 characters");
		}
		return text;
	}

	private static void requireBrandWriter(Caller caller) {
		if (caller.kind() != OrganisationKind.BRAND) {
			throw ForbiddenException.of("Only brands list video hosts; this organisation is a " + caller.kind());
		}
		caller.require(Scope.PRODUCTS_WRITE);
	}

	private DocumentStore.StoredDocument put(InputStream in, long max) {
		try {
			return this.store.put(in, this.hash, max);
		}
		catch (DocumentStore.DocumentTooLargeException ex) {
			throw MediaImages.tooLarge(max + 1, max);
		}
		catch (IOException ex) {
			// as for reports: the store removed its temporary file, no row exists yet
			if (InspectionReportService.noSpaceLeft(ex)) {
				log.error("Document store full: a media upload was refused ({})", ex.toString());
				throw new UnavailableException("document-store-full", "Document store full",
						"The file could not be stored: the document store has no space left. Nothing was recorded; "
								+ "upload it again later.");
			}
			log.error("Document store failed: a media upload was refused ({})", ex.toString());
			throw new UnavailableException("document-store-unavailable", "Document store unavailable",
					"The file could not be stored. Nothing was recorded; upload it again later.");
		}
	}

	static MediaItem item(MediaRow r) {
		String base = PATH + r.publicId();
		return switch (r.kind()) {
			case IMAGE -> new MediaItem(r.publicId(), r.kind(), r.caption(), r.lotNumber(), base + ".jpg",
					base + "/thumb.jpg", r.width(), r.height(), r.thumbWidth(), r.thumbHeight(), r.digest(), r.bytes(),
					r.contentType(), false, null);
			case VIDEO -> new MediaItem(r.publicId(), r.kind(), r.caption(), r.lotNumber(), base, null, null, null,
					null, null, r.digest(), r.bytes(), r.contentType(), true, null);
			case VIDEO_LINK -> {
				URI uri = URI.create(r.url());
				yield new MediaItem(r.publicId(), r.kind(), r.caption(), r.lotNumber(), r.url(), null, null, null, null,
						null, null, null, null, VideoLinks.playable(uri),
						uri.getHost().toLowerCase(java.util.Locale.ROOT));
			}
		};
	}

}
