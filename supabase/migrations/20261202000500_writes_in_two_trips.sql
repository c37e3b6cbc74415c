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

-- A key taken over (expired, or abandoned while running) starts without the old result; a
-- finished key answers its kept result too.
create or replace function api_idempotency_begin(p_user_id uuid, p_key text, p_fingerprint text) returns jsonb
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
  v_arguments text;
  v_columns text;
  v_result jsonb;
begin
  if p_function !~ '^api_[a-z0-9_]+$' or p_function = 'api_call_keyed'
     or (select count(*) from pg_proc where proname = p_function and pronamespace = 'public'::regnamespace) <> 1 then
    raise exception 'invalid_request' using detail = jsonb_build_object('function', p_function)::text;
  end if;
  select string_agg(format('%I => _.%I', a.name, a.name), ', ' order by a.n),
         string_agg(format('%I %s', a.name, format_type(a.type, null)), ', ' order by a.n)
    into v_arguments, v_columns
  from pg_proc p, unnest(p.proargnames, p.proargtypes::oid[]) with ordinality as a(name, type, n)
  where p.proname = p_function and p.pronamespace = 'public'::regnamespace and p_args ? a.name;
  execute format('select to_jsonb(%I(%s)) from jsonb_to_record($1) as _(%s)', p_function, v_arguments, v_columns)
    into v_result using p_args;
  update idempotency_keys set state = 'done', result = coalesce(v_result, 'null'::jsonb), updated_at = now()
    where user_id = p_user_id and key = p_key and fingerprint = p_fingerprint and state = 'running';
  return v_result;
end
$$;

revoke all on function api_request_begin(boolean, jsonb, uuid, text, text) from public, anon, authenticated;
revoke all on function api_call_keyed(uuid, text, text, text, jsonb) from public, anon, authenticated;
grant execute on function api_request_begin(boolean, jsonb, uuid, text, text) to service_role;
grant execute on function api_call_keyed(uuid, text, text, text, jsonb) to service_role;
