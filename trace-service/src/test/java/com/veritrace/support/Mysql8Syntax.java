package com.veritrace.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.exceptions.CJException;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import org.jspecify.annotations.Nullable;

/**
 * MySQL 8's grammar where it is narrower than MariaDB's, for tests of the {@code mysql}
 * profile that can only run on MariaDB: a Connector/J query interceptor (the JDBC URL's
 * {@code queryInterceptors}) that refuses, before the server sees it, every statement
 * using a construct MariaDB accepts and MySQL 8.0/8.4 does not, with the error MySQL
 * would give (SQLState 42000, 1064, or 1093 for a subquery reading the table an UPDATE or
 * DELETE changes). It also keeps the shape of every statement it let through (string
 * literals blanked), so that a test can show which statements it ran.
 * <p>
 * A list of constructs, not a parser: it catches what MariaDB added over the years and
 * this code base could plausibly write (docs/DATABASES.md lists them with sources);
 * anything else that MySQL 8 refuses needs a real MySQL 8 to be seen.
 */
public final class Mysql8Syntax implements QueryInterceptor {

	/** A construct MySQL 8 refuses, and why. */
	record Rule(Pattern pattern, String reason) {
	}

	static final List<Rule> RULES = List.of(
			rule("\\bCREATE (UNIQUE |FULLTEXT |SPATIAL )?INDEX IF NOT EXISTS\\b",
					"CREATE INDEX IF NOT EXISTS is MariaDB's (MySQL 8 has no IF NOT EXISTS on indexes)"),
			rule("\\bDROP INDEX IF EXISTS\\b", "DROP INDEX IF EXISTS is MariaDB's"),
			rule("^ALTER TABLE .*\\b(ADD|DROP|MODIFY|CHANGE)( COLUMN| INDEX| KEY| UNIQUE( INDEX| KEY)?| CONSTRAINT"
					+ "| FOREIGN KEY| PARTITION)? IF (NOT )?EXISTS\\b",
					"ALTER TABLE ... ADD/DROP/MODIFY/CHANGE ... IF [NOT] EXISTS is MariaDB's"),
			rule("^(INSERT|REPLACE|DELETE)\\b.*\\bRETURNING\\b", "INSERT/REPLACE/DELETE ... RETURNING is MariaDB's"),
			rule("\\bCREATE OR REPLACE (TABLE|INDEX|DATABASE|SCHEMA|SEQUENCE|TRIGGER|PROCEDURE|FUNCTION|USER|ROLE)\\b",
					"CREATE OR REPLACE is MariaDB's for anything but a view"),
			rule("\\b(CREATE|ALTER|DROP) SEQUENCE\\b|\\bNEXT VALUE FOR\\b|\\b(NEXTVAL|LASTVAL|SETVAL) ?\\(",
					"sequences are MariaDB's (MySQL 8 has AUTO_INCREMENT only)"),
			rule("^(CREATE|ALTER) TABLE .*[(,] ?`?\\w+`? (UUID|INET4|INET6)\\b",
					"the UUID, INET4 and INET6 column types are MariaDB's (10.7+, 10.10+)"),
			rule("\\bVALUE ?\\(", "VALUE(col) is MariaDB's synonym of VALUES(col)"),
			rule("\\bFOR UPDATE WAIT \\d|\\bLOCK IN SHARE MODE WAIT \\d|\\bFOR SHARE WAIT \\d",
					"WAIT n on a locking read is MariaDB's (MySQL 8 has NOWAIT and SKIP LOCKED)"),
			rule("\\bOFFSET \\S+ ROWS?\\b|\\bFETCH (FIRST|NEXT) \\S* ?ROWS?\\b",
					"OFFSET ... ROWS / FETCH FIRST ... ROWS is MariaDB's (MySQL 8 has LIMIT)"),
			rule("\\bLIMIT .*\\bROWS EXAMINED\\b", "LIMIT ROWS EXAMINED is MariaDB's"),
			rule("\\bJSON_(DETAILED|LOOSE|COMPACT|EXISTS|QUERY|EQUALS|NORMALIZE|ARRAY_INTERSECT|OBJECT_FILTER_KEYS"
					+ "|OBJECT_TO_ARRAY|KEY_VALUE) ?\\(", "this JSON function is MariaDB's"),
			rule("\\bWITH(OUT)? SYSTEM VERSIONING\\b|\\bFOR SYSTEM_TIME\\b|\\bPERIOD FOR\\b",
					"system-versioned and application-time tables are MariaDB's"),
			rule("^(CREATE|ALTER) .*\\bINDEX\\b.*\\b(NOT )?IGNORED\\b|^ALTER TABLE .*\\bALTER (INDEX|KEY) \\S+ (NOT )?IGNORED\\b",
					"IGNORED indexes are MariaDB's (MySQL 8 says INVISIBLE)"),
			rule("\\bENGINE ?= ?(ARIA|COLUMNSTORE|SPIDER|S3|CONNECT|SEQUENCE|MYROCKS)\\b",
					"this storage engine is MariaDB's"),
			rule("\\bGROUP_CONCAT ?\\([^)]*\\bLIMIT\\b", "GROUP_CONCAT(... LIMIT n) is MariaDB's"));

	private static final Pattern LITERALS = Pattern.compile("'(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.|\"\")*\"");

	private static final Pattern COMMENTS = Pattern.compile("/\\*(?!!).*?\\*/|--[^\\n]*|#[^\\n]*", Pattern.DOTALL);

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private static final Pattern NUMBERS = Pattern.compile("\\b\\d+\\b");

	private static final Pattern CHANGED_TABLE = Pattern.compile(
			"^(?:UPDATE(?: LOW_PRIORITY)?(?: IGNORE)?|DELETE(?: LOW_PRIORITY)?(?: QUICK)?(?: IGNORE)? FROM) `?(\\w+)`?");

	private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

	private static final List<String> REFUSED = new CopyOnWriteArrayList<>();

	/** The shapes of the statements let through, numbers as 0, in no order. */
	public static Set<String> seen() {
		return Set.copyOf(SEEN);
	}

	/**
	 * The statements refused so far, each with why, even those whose error some caller
	 * swallowed (a background job that logs and retries).
	 */
	public static List<String> refused() {
		return List.copyOf(REFUSED);
	}

	/**
	 * Why MySQL 8 would refuse {@code sql}, or null: every rule that matches, and 1093
	 * for an UPDATE or DELETE whose subquery reads the table it changes.
	 */
	public static @Nullable String refusal(String sql) {
		String shape = shape(sql);
		List<String> reasons = new ArrayList<>();
		for (Rule rule : RULES) {
			if (rule.pattern().matcher(shape).find()) {
				reasons.add(rule.reason());
			}
		}
		Matcher changed = CHANGED_TABLE.matcher(shape);
		if (changed.find() && Pattern
			.compile("\\bSELECT\\b.*\\b(FROM|JOIN) `?" + Pattern.quote(changed.group(1)) + "`?(\\s|\\)|,|$)")
			.matcher(shape.substring(changed.end()))
			.find()) {
			reasons.add("1093: a subquery of an UPDATE or DELETE reads the table it changes (MariaDB allows it "
					+ "since 10.3.2, MySQL 8 does not)");
		}
		return reasons.isEmpty() ? null : String.join("; ", reasons);
	}

	/**
	 * The statement in upper case with string literals blanked, comments dropped and
	 * white space collapsed: what the rules look at (a value cannot trigger one).
	 */
	public static String shape(String sql) {
		String shape = LITERALS.matcher(sql).replaceAll("''");
		shape = COMMENTS.matcher(shape).replaceAll(" ");
		return WHITESPACE.matcher(shape).replaceAll(" ").strip().toUpperCase(Locale.ROOT);
	}

	private static Rule rule(String regex, String reason) {
		return new Rule(Pattern.compile(regex), reason);
	}

	@Override
	public QueryInterceptor init(MysqlConnection connection, Properties properties, Log log) {
		return this;
	}

	@Override
	public <T extends Resultset> @Nullable T preProcess(Supplier<String> sql, Query interceptedQuery) {
		String text = sql.get();
		if (text == null) {
			return null;
		}
		String refusal = refusal(text);
		if (refusal != null) {
			REFUSED.add(refusal + ": " + text);
			CJException refused = new CJException("MySQL 8 would refuse this statement (" + refusal + "): " + text);
			refused.setSQLState("42000");
			refused.setVendorCode(refusal.startsWith("1093") ? 1093 : 1064);
			throw refused;
		}
		SEEN.add(NUMBERS.matcher(shape(text)).replaceAll("0"));
		return null;
	}

	@Override
	public boolean executeTopLevelOnly() {
		return true;
	}

	@Override
	public void destroy() {
	}

	@Override
	public <T extends Resultset> T postProcess(Supplier<String> sql, Query interceptedQuery, T originalResultSet,
			ServerSession serverSession) {
		return originalResultSet;
	}

}
