package com.veritrace.ingest;

import java.util.List;

/**
 * The identifiers an event touches, normalised for the event store's index tables
 * (distinct, first-seen order).
 *
 * @param items serialised items from every EPC list (SGTIN URNs and Digital Links
 * {@code /01/…/21/…})
 * @param lots lots from LGTIN class URNs, Digital Links {@code /01/…/10/…} and ilmd
 * {@code lotNumber} combined with the GTINs of what the event creates (a
 * TransformationEvent's outputs, else epcList and quantityList)
 * @param parentIds parentID values, as canonical Digital Links where they are GS1 keys
 * @param ssccs SSCCs (18 digits) named anywhere in parentID or the EPC lists
 */
public record EventIdentifiers(List<ItemId> items, List<LotId> lots, List<String> parentIds, List<String> ssccs) {

	public EventIdentifiers {
		items = List.copyOf(items);
		lots = List.copyOf(lots);
		parentIds = List.copyOf(parentIds);
		ssccs = List.copyOf(ssccs);
	}

}
