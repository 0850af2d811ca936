-- The portal's event and report lists (issue 13): newest first with keyset pages.
-- A brand's events are its own (ix_trace_event_reporter) and every event touching one of its GTINs: each
-- GTIN's item and lot rows read newest first as one index range.
CREATE INDEX ix_trace_event_item_gtin_time ON trace_event_item (gtin, event_time_ms, event_row_id);
CREATE INDEX ix_trace_event_lot_gtin_time ON trace_event_lot (gtin, event_time_ms, event_row_id);
-- A brand's inspection reports, newest first (a lab's: ix_inspection_report_lab).
CREATE INDEX ix_inspection_report_brand ON inspection_report (brand_id, accepted_ms);
