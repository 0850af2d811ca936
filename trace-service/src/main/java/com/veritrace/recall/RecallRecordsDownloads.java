package com.veritrace.recall;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Sends a recall's records as a download (the API's and the portal's): an attachment
 * named {@code recall-<id>-records.csv|xlsx}, not cached, streamed as it is written.
 */
@Component
public class RecallRecordsDownloads {

	static final String CSV = "text/csv;charset=UTF-8";

	static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

	private final RecallRecordsService records;

	RecallRecordsDownloads(RecallRecordsService records) {
		this.records = records;
	}

	/** Writes the checked export to the response as XLSX, or CSV. */
	public void send(RecallRecordsService.Export export, boolean xlsx, HttpServletResponse response)
			throws IOException {
		response.setContentType(xlsx ? XLSX : CSV);
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"recall-" + export.recallId() + "-records." + (xlsx ? "xlsx" : "csv") + "\"");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
		response.setBufferSize(64 * 1024);
		OutputStream out = response.getOutputStream();
		if (xlsx) {
			this.records.writeXlsx(export, out);
		}
		else {
			this.records.writeCsv(export, out);
		}
		out.flush();
	}

}
