package com.veritrace.recall;

/**
 * Why a product is recalled: the reason categories of GS1's product recall guidance as
 * Veritrace knows them (see docs/DECISIONS.md "Recalls"); free text says the rest.
 */
public enum RecallReason {

	ALLERGEN_UNDECLARED, CONTAMINATION_BIOLOGICAL, CONTAMINATION_CHEMICAL, CONTAMINATION_FOREIGN_MATTER,
	LABELLING_ERROR, PACKAGING_DEFECT, QUALITY_DEFECT, SAFETY_DEFECT, TAMPERING, COUNTERFEIT, REGULATORY_NON_COMPLIANCE,
	OTHER

}
