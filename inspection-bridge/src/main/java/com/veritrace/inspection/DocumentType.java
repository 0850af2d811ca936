package com.veritrace.inspection;

import java.util.Locale;
import java.util.Optional;

/**
 * The document types a report may have, recognised by their content (magic bytes), never
 * by the declared media type or file name alone.
 */
public enum DocumentType {

	PDF("application/pdf", "pdf"), PNG("image/png", "png"), JPEG("image/jpeg", "jpg");

	/** How many leading bytes {@link #sniff(byte[])} needs at most. */
	public static final int SNIFF_LENGTH = 8;

	private static final byte[] PDF_MAGIC = { '%', 'P', 'D', 'F', '-' };

	private static final byte[] PNG_MAGIC = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

	private static final byte[] JPEG_MAGIC = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF };

	private final String mediaType;

	private final String extension;

	DocumentType(String mediaType, String extension) {
		this.mediaType = mediaType;
		this.extension = extension;
	}

	public String mediaType() {
		return this.mediaType;
	}

	public String extension() {
		return this.extension;
	}

	/**
	 * The type the content starts like, if any; {@code head} is the first bytes (up to
	 * {@link #SNIFF_LENGTH}).
	 */
	public static Optional<DocumentType> sniff(byte[] head) {
		if (startsWith(head, PDF_MAGIC)) {
			return Optional.of(PDF);
		}
		if (startsWith(head, PNG_MAGIC)) {
			return Optional.of(PNG);
		}
		if (startsWith(head, JPEG_MAGIC)) {
			return Optional.of(JPEG);
		}
		return Optional.empty();
	}

	/**
	 * The type with this media type (parameters ignored, {@code image/jpg} accepted), if
	 * any.
	 */
	public static Optional<DocumentType> fromMediaType(String mediaType) {
		String bare = mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
		if (bare.equals("image/jpg") || bare.equals("image/pjpeg")) {
			return Optional.of(JPEG);
		}
		for (DocumentType type : values()) {
			if (type.mediaType.equals(bare)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

	private static boolean startsWith(byte[] data, byte[] prefix) {
		if (data.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (data[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

}
