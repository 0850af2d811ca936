package com.veritrace.events;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * V25: the EPCIS query index. {@code trace_event_epc} files every identifier an event
 * names (EPCs, parent, inputs, outputs and the classes of its quantity lists) under its
 * {@link EpcKeys key} and role, with the event time copied in, so that {@code MATCH_*}
 * plus a time range is one range scan; an index on {@code record_time_ms} serves queries
 * ordered or bounded by record time.
 * <p>
 * A Java migration because the existing events' identifiers are inside their JSON, which
 * SQL cannot read portably across H2 and MariaDB: it reads every stored event in id
 * order, 1,000 at a time, and writes its index rows, in the migration's transaction.
 * Every statement is idempotent ({@code IF NOT EXISTS} on the table, the index only if
 * the driver's metadata lacks it, {@code INSERT IGNORE}): DDL commits on MariaDB, so a
 * run that failed half-way completes when repeated. New events get their rows from
 * {@code EventWriter}, in the transaction that stores them. Flyway finds it as a bean
 * (Boot hands {@link JavaMigration} beans to Flyway), so it keeps a class name of our own
 * and sits next to the code it shares.
 */
class EpcisQueryIndexMigration implements JavaMigration {

	@Override
	public MigrationVersion getVersion() {
		return MigrationVersion.fromVersion("25");
	}

	@Override
	public String getDescription() {
		return "epcis query index";
	}

	@Override
	public Integer getChecksum() {
		return 25;
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int CHUNK = 1000;

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		try (Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS trace_event_epc (epc VARCHAR(255) NOT NULL, "
					+ "role CHAR(1) NOT NULL, event_time_ms BIGINT NOT NULL, event_row_id BIGINT NOT NULL, "
					+ "PRIMARY KEY (epc, role, event_time_ms, event_row_id), "
					+ "KEY ix_trace_event_epc_row (event_row_id))");
			// MySQL 8 has no CREATE INDEX IF NOT EXISTS (MariaDB and H2 have): ask the
			// driver's metadata instead
			if (!hasIndex(connection, "trace_event", "ix_trace_event_record_time")) {
				statement.execute("CREATE INDEX ix_trace_event_record_time ON trace_event (record_time_ms)");
			}
		}
		backfill(connection);
	}

	/**
	 * Whether {@code table} of the connection's schema has an index {@code name} (names
	 * compared ignoring case: H2 here reports them in lower case, MySQL as created).
	 */
	static boolean hasIndex(Connection connection, String table, String name) throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		for (String candidate : new String[] { table, table.toUpperCase(Locale.ROOT) }) {
			try (ResultSet rs = metaData.getIndexInfo(connection.getCatalog(), connection.getSchema(), candidate, false,
					false)) {
				while (rs.next()) {
					if (name.equalsIgnoreCase(rs.getString("INDEX_NAME"))) {
						return true;
					}
				}
			}
		}
		return false;
	}

	static void backfill(Connection connection) throws SQLException {
		long after = 0;
		try (PreparedStatement select = connection.prepareStatement(
				"SELECT id, event_time_ms, event_json FROM trace_event WHERE id > ? ORDER BY id LIMIT " + CHUNK);
				PreparedStatement insert = connection.prepareStatement(
						"INSERT IGNORE INTO trace_event_epc (epc, role, event_time_ms, event_row_id) VALUES (?,?,?,?)")) {
			while (true) {
				select.setLong(1, after);
				int rows = 0;
				int pending = 0;
				try (ResultSet rs = select.executeQuery()) {
					while (rs.next()) {
						rows++;
						after = rs.getLong(1);
						long time = rs.getLong(2);
						JsonNode event = JSON.readTree(rs.getString(3));
						for (EpcKeys.Entry entry : EpcKeys.entries(event)) {
							insert.setString(1, entry.key());
							insert.setString(2, entry.role().code());
							insert.setLong(3, time);
							insert.setLong(4, after);
							insert.addBatch();
							pending++;
						}
					}
				}
				if (pending > 0) {
					insert.executeBatch();
				}
				if (rows < CHUNK) {
					return;
				}
			}
		}
	}

}
