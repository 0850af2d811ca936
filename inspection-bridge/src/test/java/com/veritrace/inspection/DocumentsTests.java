package com.veritrace.inspection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Sniffing, digests (golden vectors) and the file-system store. */
class DocumentsTests {

	@TempDir
	Path dir;

	@Test
	void sniffsByContentNotByName() {
		assertThat(DocumentType.sniff("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII))).contains(DocumentType.PDF);
		assertThat(DocumentType.sniff(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' }))
			.contains(DocumentType.PNG);
		assertThat(DocumentType.sniff(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0 }))
			.contains(DocumentType.JPEG);
		assertThat(DocumentType.sniff("PK\u0003\u0004 zip".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
		assertThat(DocumentType.sniff("<html>%PDF-".getBytes(StandardCharsets.US_ASCII))).isEmpty();
		assertThat(DocumentType.sniff(new byte[] { '%', 'P' })).isEmpty();
		assertThat(DocumentType.fromMediaType("application/pdf; charset=binary")).contains(DocumentType.PDF);
		assertThat(DocumentType.fromMediaType("image/jpg")).contains(DocumentType.JPEG);
		assertThat(DocumentType.fromMediaType("text/html")).isEmpty();
	}

	@Test
	void digestsMatchPublishedVectors() throws IOException {
		// FIPS 180-2 appendix B.1 and GB/T 32905-2016 appendix A.1: the message "abc"
		byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
		assertThat(DocumentDigest.of(DocumentHashAlgorithm.SHA_256, new ByteArrayInputStream(abc)).ni())
			.isEqualTo("ni:///sha-256;ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		assertThat(DocumentDigest.of(DocumentHashAlgorithm.SM3, new ByteArrayInputStream(abc)).hex())
			.isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
		DocumentDigest parsed = DocumentDigest
			.parse("ni:///sm3;66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
		assertThat(parsed.algorithm()).isEqualTo(DocumentHashAlgorithm.SM3);
		assertThat(DocumentHashAlgorithm.fromName("SHA_256")).isEqualTo(DocumentHashAlgorithm.SHA_256);
		assertThatIllegalArgumentException().isThrownBy(() -> DocumentHashAlgorithm.fromName("md5"))
			.withMessageContaining("sha-256");
	}

	@Test
	void storeKeepsWhatItHashedUnderItsDigestAndRefusesTooLarge() throws IOException {
		FileSystemDocumentStore store = new FileSystemDocumentStore(this.dir);
		byte[] pdf = "%PDF-1.4 tiny report".getBytes(StandardCharsets.US_ASCII);
		DocumentStore.StoredDocument stored = store.put(new ByteArrayInputStream(pdf), DocumentHashAlgorithm.SHA_256,
				1024);
		assertThat(stored.size()).isEqualTo(pdf.length);
		assertThat(stored.key())
			.isEqualTo("sha-256/" + stored.digest().hex().substring(0, 2) + "/" + stored.digest().hex());
		assertThat(Files.readAllBytes(store.path(stored.key()))).isEqualTo(pdf);
		try (InputStream in = store.open(stored.key())) {
			assertThat(DocumentDigest.of(DocumentHashAlgorithm.SHA_256, in).matches(stored.digest())).isTrue();
		}
		DocumentStore.StoredDocument again = store.put(new ByteArrayInputStream(pdf), DocumentHashAlgorithm.SHA_256,
				1024);
		assertThat(again).isEqualTo(stored);

		assertThatExceptionOfType(DocumentStore.DocumentTooLargeException.class)
			.isThrownBy(() -> store.put(new ByteArrayInputStream(new byte[1025]), DocumentHashAlgorithm.SHA_256, 1024));
		try (var files = Files.walk(this.dir)) {
			assertThat(files.filter(Files::isRegularFile)).containsExactly(store.path(stored.key()));
		}
		assertThatExceptionOfType(NoSuchFileException.class)
			.isThrownBy(() -> store.open("sha-256/00/" + "0".repeat(64)));
		assertThatIllegalArgumentException().isThrownBy(() -> store.open("../../etc/passwd"));
	}

}
