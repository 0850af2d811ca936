-- The EPCIS REST binding's top-level resources (issue 17): /bizSteps, /dispositions, /readPoints and
-- /bizLocations list the distinct values of a trace_event column. Each index serves the list (distinct values in
-- order, one probe per value: a loose index scan) and the probe "does this organisation report an event with this
-- value" that narrows it to what a caller may see. biz_step's list is also served by ix_trace_event_biz_step.
-- /epcs reads trace_event_epc's primary key (V25); /eventTypes lists the five standard types, no column.
CREATE INDEX ix_trace_event_biz_step_reporter ON trace_event (biz_step, reporter_id);
CREATE INDEX ix_trace_event_disposition_reporter ON trace_event (disposition, reporter_id);
CREATE INDEX ix_trace_event_read_point_reporter ON trace_event (read_point, reporter_id);
CREATE INDEX ix_trace_event_biz_location_reporter ON trace_event (biz_location, reporter_id);
