-- A write in two round trips (issue 14): before, a keyed POST made four one after another (rate
-- limit, idempotency begin, the use case, idempotency finish). api_request_begin checks an
-- organiser's role, counts the rate limit and begins the key in one call; api_call_keyed runs a
-- route's one database function and keeps its result under the key in the same transaction, so
-- that a retry is answered by building the answer again from the kept result (api/_lib/handler.ts:
-- routes marked `oneCall`).

-- A kept result instead of a kept answer: `done` has one or the other.
alter table idempotency_keys add column result jsonb;
alter table idempotency_keys drop constraint idempotency_keys_check;
alter table idempotency_keys add constraint idempotency_keys_check
  check ((state = 'done') = (status is not null or result is not null));
comment on column idempotency_keys.result is 'The result of the route''s one database function (api_call_keyed), for a retry to build the answer from.';
