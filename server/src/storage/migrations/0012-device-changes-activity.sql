-- The owner's Activity list reads `device_changes` newest first, by device and by date.
CREATE INDEX device_changes_device ON device_changes (device_id, seq);
CREATE INDEX device_changes_at ON device_changes (at);
