package com.veritrace.diversion;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import com.maxmind.db.Reader;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.scan.RegionLookup;
import org.springframework.stereotype.Component;

/**
 * Where a scan was, in order: the region a trusted edge named (the scan page believes the
 * header only from the configured edges), else the region of the phone's opt-in cell
 * ({@link CellRegions}), else the region of the client's address in the operator's
 * IP-to-region database ({@code veritrace.diversion.ip-database}, MaxMind DB format),
 * when one is configured. Each source is optional; none answers, no region.
 */
@Component
class DiversionRegionLookup implements RegionLookup {

	private static final Logger log = LoggerFactory.getLogger(DiversionRegionLookup.class);

	/** How a scan's region was known (recorded with a diversion). */
	enum Source {

		EDGE, CELL, ADDRESS

	}

	private final CellRegions cells = new CellRegions();

	private final @Nullable Reader ipDatabase;

	DiversionRegionLookup(DiversionProperties properties) {
		this.ipDatabase = open(properties.ipDatabase() == null ? null : properties.ipDatabase().toFile());
	}

	/**
	 * The database's reader, or null without one; a file that is missing or not a MaxMind
	 * DB fails the start (the operator asked for it).
	 */
	static @Nullable Reader open(@Nullable File file) {
		if (file == null) {
			return null;
		}
		try {
			Reader reader = new Reader(file, Reader.FileMode.MEMORY_MAPPED);
			log.info("IP-to-region database {} ({}, built {})", file, reader.getMetadata().databaseType(),
					reader.getMetadata().buildTime());
			return reader;
		}
		catch (IOException ex) {
			throw new IllegalStateException("veritrace.diversion.ip-database: cannot read " + file
					+ " as a MaxMind DB file: " + ex.getMessage(), ex);
		}
	}

	boolean hasIpDatabase() {
		return this.ipDatabase != null;
	}

	@Override
	public @Nullable String region(@Nullable String edgePlace, @Nullable String cell, @Nullable String address) {
		String region = Regions.canonical(edgePlace);
		if (region == null) {
			region = this.cells.region(cell);
		}
		if (region == null && address != null && this.ipDatabase != null) {
			region = addressRegion(this.ipDatabase, address);
		}
		return region;
	}

	/**
	 * The region of an address in a MaxMind DB: {@code country.iso_code}, with the first
	 * of {@code subdivisions} when it has one; null when the database does not know it.
	 */
	static @Nullable String addressRegion(Reader reader, String address) {
		if (!address.matches("[0-9a-fA-F:.]{2,45}")) {
			// a literal address only: never a name to resolve
			return null;
		}
		try {
			@SuppressWarnings("unchecked")
			Map<String, Object> record = reader.get(InetAddress.getByName(address), Map.class);
			if (record == null || !(record.get("country") instanceof Map<?, ?> country)
					|| !(country.get("iso_code") instanceof String iso)) {
				return null;
			}
			String region = Regions.canonical(iso);
			if (region != null && record.get("subdivisions") instanceof List<?> subdivisions && !subdivisions.isEmpty()
					&& subdivisions.get(0) instanceof Map<?, ?> first && first.get("iso_code") instanceof String sub) {
				String subdivision = Regions.canonical(region + "-" + sub);
				return subdivision != null ? subdivision : region;
			}
			return region;
		}
		catch (IOException | RuntimeException ex) {
			log.debug("IP-to-region lookup failed: {}", ex.toString());
			return null;
		}
	}

	@PreDestroy
	void close() throws IOException {
		if (this.ipDatabase != null) {
			this.ipDatabase.close();
		}
	}

}
