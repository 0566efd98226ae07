-- Events and files (issue 6): the order of an event's waiting list, kept
-- exactly (seconds are too coarse when two people answer at once).
ALTER TABLE event_rsvps ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX event_rsvps_person ON event_rsvps (person_id, item_id);
