-- Each leader's recorded weeks summed by the calendar month their Monday
-- falls in (month is YYYY-MM-01): a report over a year reads 12 rows a
-- leader here, and only the weeks of a part month at either end from
-- facility_weeks. cost is the sum of used × hourly_pence, exact. The
-- store rewrites a leader's months whenever their weeks or a pay table
-- change (refreshFacilityMonths), in the same transaction. Keyed by
-- leader, a scoped report reads its leaders' rows and the national one
-- reads the table in key order, summing each leader's rows as it goes.
CREATE TABLE facility_months (
	leader_id BIGINT NOT NULL REFERENCES facility_leaders (id) ON DELETE CASCADE,
	month     TEXT   NOT NULL,
	agreed    BIGINT NOT NULL,
	used      BIGINT NOT NULL,
	cost      BIGINT NOT NULL,
	PRIMARY KEY (leader_id, month)
) {{without_rowid}};

-- The part months of a national report are found by week alone.
CREATE INDEX facility_weeks_week ON facility_weeks (week_start);

INSERT INTO facility_months (leader_id, month, agreed, used, cost)
SELECT leader_id, substr(week_start, 1, 8) || '01', CAST(sum(agreed) AS BIGINT), CAST(sum(used) AS BIGINT), CAST(sum(used * hourly_pence) AS BIGINT)
FROM facility_weeks GROUP BY leader_id, substr(week_start, 1, 8) || '01';
