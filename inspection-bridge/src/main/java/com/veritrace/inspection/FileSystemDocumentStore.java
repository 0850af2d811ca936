package com.veritrace.inspection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Documents as files under a root directory, named by digest:
 * {@code <root>/<algorithm>/<first two hex digits>/<hex>}. A document is written to a
 * temporary file while it is hashed, then moved into place atomically, so a reader never
 * sees half a file. Storing the same content twice keeps one file.
 */
public final class FileSystemDocumentStore implements DocumentStore {

	private static final Logger log = LoggerFactory.getLogger(FileSystemDocumentStore.class);

	private static final Pattern KEY = Pattern.compile("(sha-256|sm3)/[0-9a-f]{2}/[0-9a-f]{64}");

	private final Path root;

	public FileSystemDocumentStore(Path root) throws IOException {
		this.root = Files.createDirectories(root.toAbsolutePath().normalize());
	}

	public Path root() {
		return this.root;
	}

	@Override
	public StoredDocument put(InputStream content, DocumentHashAlgorithm algorithm, long maxBytes) throws IOException {
		Path incoming = Files.createDirectories(this.root.resolve("incoming"));
		Path temp = Files.createTempFile(incoming, "upload-", ".part");
		try {
			MessageDigest digest = algorithm.newDigest();
			long size = 0;
			try (OutputStream out = Files.newOutputStream(temp)) {
				byte[] buffer = new byte[64 * 1024];
				int n;
				while ((n = content.read(buffer)) > 0) {
					size += n;
					if (size > maxBytes) {
						throw new DocumentTooLargeException(maxBytes);
					}
					digest.update(buffer, 0, n);
					out.write(buffer, 0, n);
				}
			}
			DocumentDigest documentDigest = DocumentDigest.of(algorithm, digest.digest());
			String key = algorithm.niName() + "/" + documentDigest.hex().substring(0, 2) + "/" + documentDigest.hex();
			Path target = this.root.resolve(key);
			Files.createDirectories(target.getParent());
			try {
				Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
			}
			log.debug("Stored document {} ({} bytes)", key, size);
			return new StoredDocument(key, documentDigest, size);
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	@Override
	public InputStream open(String key) throws IOException {
		return Files.newInputStream(path(key));
	}

	/** The file of a key (for operators and tests). */
	public Path path(String key) {
		if (!KEY.matcher(key).matches()) {
			throw new IllegalArgumentException("not a document key of this store: '" + key + "'");
		}
		return this.root.resolve(key);
	}

	@Override
	public String kind() {
		return "filesystem";
	}

}
