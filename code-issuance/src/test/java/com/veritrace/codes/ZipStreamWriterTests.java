package com.veritrace.codes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming ZIP writer's output is read back by the JDK both ways: sequentially and
 * through its directory.
 */
class ZipStreamWriterTests {

	@TempDir
	Path dir;

	@Test
	void aFewEntriesReadBackThroughTheDirectoryAndSequentially() throws Exception {
		check(3);
	}

	@Test
	void moreThan65534EntriesUseZip64EndRecords() throws Exception {
		check(70_000);
	}

	private void check(int count) throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipStreamWriter zip = new ZipStreamWriter(bytes, Deflater.BEST_SPEED)) {
			for (int i = 0; i < count; i++) {
				zip.entry(name(i), content(i));
			}
			zip.finish();
		}
		Path file = this.dir.resolve("test.zip");
		Files.write(file, bytes.toByteArray());
		try (ZipFile zip = new ZipFile(file.toFile())) {
			assertThat(zip.size()).isEqualTo(count);
			Enumeration<? extends ZipEntry> entries = zip.entries();
			int i = 0;
			while (entries.hasMoreElements()) {
				ZipEntry e = entries.nextElement();
				assertThat(e.getName()).isEqualTo(name(i));
				assertThat(zip.getInputStream(e).readAllBytes()).isEqualTo(content(i));
				i++;
			}
			assertThat(i).isEqualTo(count);
		}
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			int i = 0;
			for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
				assertThat(e.getName()).isEqualTo(name(i));
				assertThat(in.readAllBytes()).isEqualTo(content(i));
				i++;
			}
			assertThat(i).isEqualTo(count);
		}
	}

	private static String name(int i) {
		return String.format("%07d-SERIAL%d.svg", i + 1, i);
	}

	private static byte[] content(int i) {
		return ("<svg>" + "x".repeat(i % 50) + i + "</svg>").getBytes(StandardCharsets.UTF_8);
	}

}
