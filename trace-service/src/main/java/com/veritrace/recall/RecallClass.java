package com.veritrace.recall;

/**
 * How serious a recall is, in the FDA's classes (also used by China's NMPA): I, a
 * reasonable probability of serious harm; II, temporary or reversible harm; III, unlikely
 * to cause harm.
 */
public enum RecallClass {

	I, II, III

}
