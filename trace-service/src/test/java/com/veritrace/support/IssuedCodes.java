package com.veritrace.support;

import java.util.EnumSet;
import java.util.List;

import com.veritrace.issuance.CodeFormat;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeJob;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Codes of a brand's lot as a packing line gets them: issued (Digital Link), the first
 * ones activated.
 */
public final class IssuedCodes {

	private IssuedCodes() {
	}

	/**
	 * The serials of {@code count} new codes in issue order; positions
	 * 1..{@code activated} are activated.
	 */
	public static List<String> issue(CodeIssuanceService issuance, CodeRegistry registry, JdbcTemplate jdbc,
			long brandId, String gtin, String lotNumber, int count, int activated) {
		Caller brand = new Caller(brandId, "brand", OrganisationKind.BRAND, 0,
				EnumSet.of(Scope.CODES_ISSUE, Scope.READ, Scope.PRODUCTS_WRITE));
		CodeJob job = issuance.issueNow(brand, new CodeIssuanceService.IssueRequest("it-" + System.nanoTime(), gtin,
				lotNumber, count, CodeFormat.DIGITAL_LINK, null, null, null));
		if (activated > 0) {
			registry.activateRange(brand, job.id(), 1, activated);
		}
		return jdbc.queryForList("SELECT serial FROM issued_code WHERE job_id = ? ORDER BY seq", String.class,
				job.id());
	}

}
