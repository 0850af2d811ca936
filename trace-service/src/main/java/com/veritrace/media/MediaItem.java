package com.veritrace.media;

import org.jspecify.annotations.Nullable;

/**
 * An origin medium as pages show it. {@code url}: the display picture, the video file or
 * the link; {@code thumbnailUrl} and the sizes for pictures; {@code digest} of what is
 * served ({@code ni:///sha-256;…}, null for links); {@code playable}: the page plays it
 * in a video element (a file, or a link to an .mp4/.webm); {@code host}: a link's host.
 */
public record MediaItem(String id, MediaKind kind, @Nullable String caption, @Nullable String lotNumber, String url,
		@Nullable String thumbnailUrl, @Nullable Integer width, @Nullable Integer height,
		@Nullable Integer thumbnailWidth, @Nullable Integer thumbnailHeight, @Nullable String digest,
		@Nullable Long bytes, @Nullable String contentType, boolean playable, @Nullable String host) {

	public boolean image() {
		return this.kind == MediaKind.IMAGE;
	}

	public boolean link() {
		return this.kind == MediaKind.VIDEO_LINK;
	}

}
