package com.veritrace.media;

/** What an origin medium is: a picture, an uploaded video file, or a link to a stream. */
public enum MediaKind {

	IMAGE, VIDEO, VIDEO_LINK;

	boolean video() {
		return this != IMAGE;
	}

}
