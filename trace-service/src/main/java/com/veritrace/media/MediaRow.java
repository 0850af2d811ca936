package com.veritrace.media;

import org.jspecify.annotations.Nullable;

/**
 * One row of {@code origin_media}: for an IMAGE the display JPEG and the thumbnail (keys
 * in the document store, digests as {@code ni:///sha-256;…}), for a VIDEO the file, for a
 * VIDEO_LINK the URL.
 */
record MediaRow(long id, String publicId, long brandId, long productId, @Nullable Long lotId,
		@Nullable String lotNumber, MediaKind kind, int position, @Nullable String caption, @Nullable String storeKey,
		@Nullable String digest, @Nullable Long bytes, @Nullable String contentType, @Nullable Integer width,
		@Nullable Integer height, @Nullable String thumbKey, @Nullable String thumbDigest, @Nullable Long thumbBytes,
		@Nullable Integer thumbWidth, @Nullable Integer thumbHeight, @Nullable String url, long createdMs) {

	static MediaRow of(String publicId, long brandId, long productId, @Nullable Long lotId, MediaKind kind,
			@Nullable String caption, long createdMs) {
		return new MediaRow(0, publicId, brandId, productId, lotId, null, kind, 0, caption, null, null, null, null,
				null, null, null, null, null, null, null, null, createdMs);
	}

}
