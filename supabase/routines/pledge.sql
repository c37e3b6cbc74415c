-- The pledge 「创文明城，做文明人」: signing, the wall of signatures, the campaign.
-- Every function, trigger and view of this capability, each with its one live body; its tables are in
-- migrations/20261128000200_pledge.sql (and later migrations). Applied whole by api/_lib/db/migrate.ts
-- whenever a routine file changes or a migration is pending.

-- ============================================================================
-- Internal helpers
-- ============================================================================
create function pledge_signature_json(p_signature pledge_signatures) returns jsonb
language sql immutable set search_path = public, pg_temp as $$
  select jsonb_build_object(
    'number', p_signature.number,
    'displayName', p_signature.display_name,
    'signedAt', p_signature.signed_at
  );
$$;

-- ============================================================================
-- API functions
-- ============================================================================
create function api_pledge_get(p_user_id uuid default null) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_campaign pledge_campaigns;
  v_mine pledge_signatures;
begin
  select * into v_campaign from pledge_campaigns where is_current;
  if not found then
    raise exception 'not_found';
  end if;
  if p_user_id is not null then
    select * into v_mine from pledge_signatures
      where campaign_id = v_campaign.id and user_id = p_user_id;
  end if;
  return jsonb_build_object(
    'campaign', jsonb_build_object('id', v_campaign.id, 'title', v_campaign.title,
                                   'text', v_campaign.text, 'goal', v_campaign.goal),
    'count', v_campaign.signature_count,
    'mine', case when v_mine.number is null then null else pledge_signature_json(v_mine) end
  );
end
$$;

-- Signs the current campaign once; a repeated call returns the first signature unchanged.
create function api_pledge_sign(p_user_id uuid, p_display_name text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_user users;
  v_campaign pledge_campaigns;
  v_signature pledge_signatures;
  v_name text := btrim(p_display_name);
begin
  v_user := require_user(p_user_id);
  if v_name is null or char_length(v_name) not between 1 and 20 then
    raise exception 'invalid_display_name';
  end if;
  -- The lock orders signers, which makes the numbers gapless and the counter exact.
  select * into v_campaign from pledge_campaigns where is_current for update;
  if not found then
    raise exception 'not_found';
  end if;
  select * into v_signature from pledge_signatures
    where campaign_id = v_campaign.id and user_id = p_user_id;
  if found then
    return jsonb_build_object('created', false, 'signature', pledge_signature_json(v_signature));
  end if;
  insert into pledge_signatures (campaign_id, number, user_id, display_name, community_id)
    values (v_campaign.id, v_campaign.signature_count + 1, p_user_id, v_name, v_user.community_id)
    returning * into v_signature;
  update pledge_campaigns set signature_count = v_signature.number where id = v_campaign.id;
  perform record_participation(p_user_id, 'pledge_signed', 'pledge_campaign', v_campaign.id::text);
  return jsonb_build_object('created', true, 'signature', pledge_signature_json(v_signature));
end
$$;

-- County organisers edit the current campaign's title, text and goal; null leaves a field as it is.
create function api_pledge_update(p_user_id uuid, p_title text default null, p_text text default null,
                                             p_goal int default null) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_campaign uuid;
begin
  perform require_organizer(p_user_id, 'county');
  update pledge_campaigns set
    title = coalesce(p_title, title),
    text = coalesce(p_text, text),
    goal = coalesce(p_goal, goal)
  where is_current
  returning id into v_campaign;
  if not found then
    raise exception 'not_found';
  end if;
  perform audit(p_user_id, 'pledge.update', jsonb_strip_nulls(jsonb_build_object(
    'campaignId', v_campaign, 'title', p_title, 'text', p_text, 'goal', p_goal)));
  return api_pledge_get(p_user_id);
end
$$;

-- Newest first. Full display names leave the database here; the API masks them before they
-- reach anyone (see src/shared/pledge.ts maskName).
create function api_pledge_signatures(p_limit int, p_before int default null) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_campaign_id uuid;
  v_items jsonb;
begin
  select id into v_campaign_id from pledge_campaigns where is_current;
  if not found then
    raise exception 'not_found';
  end if;
  select coalesce(jsonb_agg(jsonb_build_object(
           'number', s.number,
           'displayName', s.display_name,
           'community', c.name,
           'signedAt', s.signed_at) order by s.number desc), '[]'::jsonb)
    into v_items
  from (
    select * from pledge_signatures
    where campaign_id = v_campaign_id and (p_before is null or number < p_before)
    order by number desc
    limit least(greatest(p_limit, 1), 100) + 1
  ) s
  left join communities c on c.id = s.community_id;
  return jsonb_build_object('items', v_items);
end
$$;
