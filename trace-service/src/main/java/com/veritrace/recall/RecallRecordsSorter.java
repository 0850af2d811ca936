package com.veritrace.recall;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorts a recall's records without holding them all: rows are kept up to a run of
 * {@code runSize}; a full run is sorted and spilled to a temporary file, and the runs are
 * merged at the end (an external merge sort). Records that fit one run never touch the
 * disk. The files are deleted when it closes.
 */
final class RecallRecordsSorter implements AutoCloseable {

	/** Rows kept in memory before a run is spilled. */
	static final int RUN = 20_000;

	/** Takes the sorted rows. */
	interface Sink {

		void accept(RecallRecordsRow row) throws IOException;

	}

	private final Comparator<RecallRecordsRow> order;

	private final int runSize;

	private final List<RecallRecordsRow> run = new ArrayList<>();

	private final List<Path> files = new ArrayList<>();

	RecallRecordsSorter(Comparator<RecallRecordsRow> order, int runSize) {
		this.order = order;
		this.runSize = runSize;
	}

	void add(RecallRecordsRow row) throws IOException {
		this.run.add(row);
		if (this.run.size() >= this.runSize) {
			spill();
		}
	}

	/** How many runs went to disk so far. */
	int spilled() {
		return this.files.size();
	}

	/** Every row added, in order. */
	void drain(Sink sink) throws IOException {
		if (this.files.isEmpty()) {
			this.run.sort(this.order);
			for (RecallRecordsRow row : this.run) {
				sink.accept(row);
			}
			this.run.clear();
			return;
		}
		if (!this.run.isEmpty()) {
			spill();
		}
		record Head(RecallRecordsRow row, DataInputStream in) {
		}
		List<DataInputStream> inputs = new ArrayList<>();
		try {
			PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> this.order.compare(a.row(), b.row()));
			for (Path file : this.files) {
				DataInputStream in = new DataInputStream(
						new BufferedInputStream(Files.newInputStream(file), 64 * 1024));
				inputs.add(in);
				if (in.readBoolean()) {
					heads.add(new Head(RecallRecordsRow.read(in), in));
				}
			}
			while (!heads.isEmpty()) {
				Head head = heads.poll();
				sink.accept(head.row());
				if (head.in().readBoolean()) {
					heads.add(new Head(RecallRecordsRow.read(head.in()), head.in()));
				}
			}
		}
		finally {
			for (DataInputStream in : inputs) {
				in.close();
			}
		}
	}

	private void spill() throws IOException {
		this.run.sort(this.order);
		Path file = Files.createTempFile("veritrace-recall-records-", ".run");
		this.files.add(file);
		try (DataOutputStream out = new DataOutputStream(
				new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024))) {
			for (RecallRecordsRow row : this.run) {
				out.writeBoolean(true);
				row.write(out);
			}
			out.writeBoolean(false);
		}
		this.run.clear();
	}

	@Override
	public void close() {
		for (Path file : this.files) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				file.toFile().deleteOnExit();
			}
		}
		this.files.clear();
	}

}
