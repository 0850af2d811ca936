package com.veritrace.inspection;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where report documents are kept. Content-addressed: a document's key is derived from
 * its digest, computed by the store while it writes, so what is stored is exactly what
 * was hashed. Documents are written once and never changed or deleted through this port.
 * The file system ({@link FileSystemDocumentStore}) is the default; an object store (S3,
 * OSS, MinIO) implements the same three methods.
 */
public interface DocumentStore {

	/**
	 * Stores a document, reading {@code content} to its end (the caller closes it).
	 * @param maxBytes refuse (and keep nothing) when the content is longer
	 * @throws DocumentTooLargeException when the content exceeds {@code maxBytes}
	 */
	StoredDocument put(InputStream content, DocumentHashAlgorithm algorithm, long maxBytes) throws IOException;

	/**
	 * Opens a stored document for reading; the caller closes the stream.
	 * @throws java.nio.file.NoSuchFileException when nothing is stored under the key
	 */
	InputStream open(String key) throws IOException;

	/** A short name for logs and metrics ({@code filesystem}, {@code s3}…). */
	String kind();

	/** What {@link #put} stored: the key to open it with, its digest and its length. */
	record StoredDocument(String key, DocumentDigest digest, long size) {
	}

	/** The content was longer than allowed; nothing was stored. */
	class DocumentTooLargeException extends IOException {

		private final long maxBytes;

		public DocumentTooLargeException(long maxBytes) {
			super("the document is larger than " + maxBytes + " bytes");
			this.maxBytes = maxBytes;
		}

		public long maxBytes() {
			return this.maxBytes;
		}

	}

}
