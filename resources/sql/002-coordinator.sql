-- Stroma trial file, schema version 2: what the coordinator's desk records beyond version 1.
--
-- The audit triggers of these tables are generated again after this migration, so the new
-- columns are audited like every other.

-- Why a screened subject did not enter the trial (status 'screen-failed').
ALTER TABLE subjects ADD COLUMN screen_fail_reason TEXT
  CHECK (screen_fail_reason IS NULL OR length (trim (screen_fail_reason)) > 0);

-- The time of day a conditioning dose is planned for, on its planned date ("HH:MM"), so that
-- the ward's regimen sheet shows q6h doses at their hours.
ALTER TABLE conditioning_doses ADD COLUMN planned_time TEXT
  CHECK (planned_time IS NULL OR planned_time GLOB '[0-2][0-9]:[0-5][0-9]');

-- The protocol's removal or termination criterion a withdrawal or termination falls under.
ALTER TABLE dispositions ADD COLUMN criterion_id TEXT;
