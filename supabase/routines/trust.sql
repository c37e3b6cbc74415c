-- Abuse limits and idempotent writes: rate limits, Idempotency-Key, one call per write.
-- Every function, trigger and view of this capability, each with its one live body; its tables are in
-- migrations/20261128000800_trust.sql (and later migrations). Applied whole by api/_lib/db/migrate.ts
-- whenever a routine file changes or a migration is pending.

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
-- the first (the key is then held as running), or {"state": "done", "status", "body", "result"}
-- with what was kept when it already finished. Refuses a key used for another request
-- (idempotency_key_reused) and one whose request is still running (request_in_progress).
-- A key older than 24 hours is forgotten and starts afresh; so does a key left running for more
-- than 5 minutes (its request died before finishing: longer than any function may run). A key
-- taken over starts without the old result.
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
        set fingerprint = excluded.fingerprint, state = 'running', status = null, body = null, result = null,
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
      return jsonb_build_object('state', 'done', 'status', v_row.status, 'body', v_row.body, 'result', v_row.result);
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

-- Before a route's own call: on an organiser's route, that the caller organises somewhere (403
-- first, as the functions answer 404 for what a resident names or filter lists to scopes); then
-- the rate limit, then the key. A refusal by the key comes back as a value, not an error, so that
-- the hit counted before it stays counted (as when these were separate calls). The limiter
-- failing is reported, not raised: it must not take the writes down (the caller logs it).
create function api_request_begin(p_organizer boolean, p_buckets jsonb, p_user_id uuid, p_key text, p_fingerprint text)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_verdict jsonb;
  v_limiter_error text;
  v_begun jsonb;
  v_message text;
  v_detail text;
begin
  if p_organizer then
    perform api_require_organizer(p_user_id);
  end if;
  if p_buckets is not null then
    begin
      v_verdict := api_rate_limit_hit(p_buckets);
    exception when others then
      v_limiter_error := sqlstate || ' ' || sqlerrm;
    end;
    if not coalesce((v_verdict->>'allowed')::boolean, true) then
      return jsonb_build_object('refused', v_verdict);
    end if;
  end if;
  if p_key is not null then
    begin
      v_begun := api_idempotency_begin(p_user_id, p_key, p_fingerprint);
    exception when sqlstate 'P0001' then
      get stacked diagnostics v_message = message_text, v_detail = pg_exception_detail;
      return jsonb_build_object('error', jsonb_build_object('code', v_message, 'detail', nullif(v_detail, '')),
                                'limiterError', v_limiter_error);
    end;
  end if;
  return jsonb_build_object('begun', v_begun, 'limiterError', v_limiter_error);
end
$$;

-- Calls api function p_function with the named arguments in p_args (typed as the function
-- declares them, as PostgREST does) and, in the same transaction, finishes the key begun for it
-- with the result. A function that raises leaves the key running: the caller lets it go.
create function api_call_keyed(p_user_id uuid, p_key text, p_fingerprint text, p_function text, p_args jsonb) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  -- One api_* function of that name (to_regproc is null for none, and for an overloaded name).
  v_function regproc := case when p_function ~ '^api_[a-z0-9_]+$' and p_function <> 'api_call_keyed'
                             then to_regproc('public.' || p_function) end;
  v_arguments text;
  v_columns text;
  v_result jsonb;
begin
  if v_function is null then
    raise exception 'invalid_request' using detail = jsonb_build_object('function', p_function)::text;
  end if;
  select string_agg(format('%I => _.%I', a.name, a.name), ', ' order by a.n),
         string_agg(format('%I %s', a.name, format_type(a.type, null)), ', ' order by a.n)
    into v_arguments, v_columns
  from pg_proc p, unnest(p.proargnames, p.proargtypes::oid[]) with ordinality as a(name, type, n)
  where p.oid = v_function and p_args ? a.name;
  execute format('select to_jsonb(%I(%s)) from jsonb_to_record($1) as _(%s)', p_function, v_arguments, v_columns)
    into v_result using p_args;
  update idempotency_keys set state = 'done', result = coalesce(v_result, 'null'::jsonb), updated_at = now()
    where user_id = p_user_id and key = p_key and fingerprint = p_fingerprint and state = 'running';
  return v_result;
end
$$;
