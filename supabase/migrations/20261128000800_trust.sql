-- Trust: abuse limits on every write (fixed-window counters per user and per client address, set
-- per route in api/_lib/rate-limit.ts) and idempotent writes (the first answer to an
-- Idempotency-Key, replayed to the same user's retries for 24 hours).

-- ============================================================================
-- Tables
-- ============================================================================
-- One row per bucket and window. Unlogged: counters are worth nothing after a crash, and skipping
-- the WAL makes the one write every limited request costs cheaper.
create unlogged table rate_limit_hits (
  bucket text not null check (char_length(bucket) between 1 and 300),
  window_start timestamptz not null,
  expires_at timestamptz not null,
  hits int not null check (hits >= 0),
  primary key (bucket, window_start)
);
create index rate_limit_hits_expiry on rate_limit_hits (expires_at);
comment on table rate_limit_hits is
  'Requests counted per bucket (user:<id>:<route> or address:<address>:<route>) in fixed windows; rows past expires_at are purged as calls go by.';

create table idempotency_keys (
  user_id uuid not null references users (id) on delete cascade,
  key text not null check (key ~ '^[A-Za-z0-9_-]{8,100}$'),
  -- sha256 of the method, the URL and the request's content: a key names one request only.
  fingerprint text not null check (char_length(fingerprint) between 1 and 128),
  state text not null default 'running' check (state in ('running', 'done')),
  status int check (status between 200 and 299),
  body jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (user_id, key),
  check ((state = 'done') = (status is not null))
);
create index idempotency_keys_created on idempotency_keys (created_at);
comment on table idempotency_keys is
  'The answer to each Idempotency-Key a user sent with a POST, replayed to retries; kept 24 hours.';

-- ============================================================================
-- Abuse limits
-- ============================================================================
-- Counts one request in every bucket given (`[{"key", "limit", "windowSeconds"}]`) and answers
-- {"allowed": true} or {"allowed": false, "retryAfterSeconds", "scope"} (scope: the refusing
-- bucket's prefix, user or address). A refused request counts nowhere: its increments are undone, so
-- a refusal by one bucket does not use up another. Buckets are taken in key order, so two calls
-- sharing buckets cannot deadlock. About one call in fifty purges windows that have ended.
create function api_rate_limit_hit(p_buckets jsonb) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_bucket record;
  v_start timestamptz;
  v_expires timestamptz;
  v_hits int;
  v_retry int;
  v_scope text;
begin
  if jsonb_typeof(p_buckets) is distinct from 'array' then
    raise exception 'invalid_request' using detail = '{"buckets": "expected an array"}';
  end if;
  if random() < 0.02 then
    delete from rate_limit_hits where ctid = any (array(
      select ctid from rate_limit_hits where expires_at < now() limit 1000));
  end if;
  begin
    for v_bucket in
      select b->>'key' as key, (b->>'limit')::int as lim, (b->>'windowSeconds')::int as secs
      from jsonb_array_elements(p_buckets) b order by b->>'key'
    loop
      if v_bucket.key is null or v_bucket.lim is null or v_bucket.lim < 1
         or v_bucket.secs is null or v_bucket.secs not between 1 and 86400 then
        raise exception 'invalid_request' using detail = jsonb_build_object('bucket', v_bucket.key)::text;
      end if;
      -- Fixed windows aligned to the epoch: [start, start + windowSeconds).
      v_start := to_timestamp(floor(extract(epoch from now()) / v_bucket.secs) * v_bucket.secs);
      v_expires := v_start + make_interval(secs => v_bucket.secs);
      insert into rate_limit_hits as h (bucket, window_start, expires_at, hits)
        values (v_bucket.key, v_start, v_expires, 1)
        on conflict (bucket, window_start) do update set hits = h.hits + 1
        returning hits into v_hits;
      if v_hits > v_bucket.lim then
        v_retry := greatest(coalesce(v_retry, 1), ceil(extract(epoch from (v_expires - now())))::int);
        v_scope := coalesce(v_scope, split_part(v_bucket.key, ':', 1));
      end if;
    end loop;
    if v_retry is not null then
      -- Leaves this block, undoing its increments; the handler below answers the refusal.
      raise exception 'rate_limited';
    end if;
  exception when raise_exception then
    if sqlerrm <> 'rate_limited' then
      raise;
    end if;
    return jsonb_build_object('allowed', false, 'retryAfterSeconds', v_retry, 'scope', v_scope);
  end;
  return jsonb_build_object('allowed', true);
end
$$;

-- ============================================================================
-- Idempotent writes
-- ============================================================================
-- Starts the request a user names with an Idempotency-Key. Answers {"state": "new"} when it is
-- the first (the key is then held as running), or {"state": "done", "status", "body"} with the
-- stored answer when it already finished. Refuses a key used for another request
-- (idempotency_key_reused) and one whose request is still running (request_in_progress).
-- A key older than 24 hours is forgotten and starts afresh; so does a key left running for more
-- than 5 minutes (its request died before finishing: longer than any function may run).
create function api_idempotency_begin(p_user_id uuid, p_key text, p_fingerprint text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_row idempotency_keys;
begin
  perform require_user(p_user_id);
  if p_key is null or p_key !~ '^[A-Za-z0-9_-]{8,100}$' then
    raise exception 'invalid_request' using detail = '{"header": "Idempotency-Key"}';
  end if;
  if random() < 0.02 then
    delete from idempotency_keys where ctid = any (array(
      select ctid from idempotency_keys where created_at < now() - interval '24 hours' limit 1000));
  end if;
  -- The loop only repeats when the key's row vanished between the two statements (its request
  -- failed and let the key go): the next round may take it.
  for i in 1..3 loop
    insert into idempotency_keys as k (user_id, key, fingerprint) values (p_user_id, p_key, p_fingerprint)
      on conflict (user_id, key) do update
        set fingerprint = excluded.fingerprint, state = 'running', status = null, body = null,
            created_at = now(), updated_at = now()
        where k.created_at < now() - interval '24 hours'
           or (k.state = 'running' and k.updated_at < now() - interval '5 minutes' and k.fingerprint = excluded.fingerprint)
      returning * into v_row;
    if found then
      return jsonb_build_object('state', 'new');
    end if;
    select * into v_row from idempotency_keys where user_id = p_user_id and key = p_key;
    if found then
      if v_row.fingerprint <> p_fingerprint then
        raise exception 'idempotency_key_reused';
      end if;
      if v_row.state = 'running' then
        raise exception 'request_in_progress';
      end if;
      return jsonb_build_object('state', 'done', 'status', v_row.status, 'body', v_row.body);
    end if;
  end loop;
  raise exception 'request_in_progress';
end
$$;

-- Ends the request begun with the key: with a status (2xx) its answer is kept for retries;
-- without one the key is let go, so a retry runs the request again.
create function api_idempotency_finish(p_user_id uuid, p_key text, p_fingerprint text, p_status int default null,
                                       p_body jsonb default null) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if p_status is null then
    delete from idempotency_keys
      where user_id = p_user_id and key = p_key and fingerprint = p_fingerprint and state = 'running';
  else
    if p_status not between 200 and 299 then
      raise exception 'invalid_request' using detail = '{"status": "only 2xx answers are kept"}';
    end if;
    update idempotency_keys set state = 'done', status = p_status, body = p_body, updated_at = now()
      where user_id = p_user_id and key = p_key and fingerprint = p_fingerprint and state = 'running';
  end if;
  return jsonb_build_object('stored', found and p_status is not null);
end
$$;

-- ============================================================================
-- Closed by default
-- ============================================================================
alter table rate_limit_hits enable row level security;
alter table idempotency_keys enable row level security;

revoke all on all tables in schema public from anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
revoke all on all functions in schema public from public, anon, authenticated;

grant execute on function api_rate_limit_hit(jsonb) to service_role;
grant execute on function api_idempotency_begin(uuid, text, text) to service_role;
grant execute on function api_idempotency_finish(uuid, text, text, int, jsonb) to service_role;
