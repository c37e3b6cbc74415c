-- Pledge 「创文明城,做文明人」: the ten-thousand-signature drive.
-- Signatures are numbered 1, 2, 3 … in signing order with no gaps: the campaign row is locked
-- while a signature is added, and its counter moves in the same transaction.

-- ============================================================================
-- Tables
-- ============================================================================
create table pledge_campaigns (
  id uuid primary key default gen_random_uuid(),
  title text not null check (char_length(title) between 1 and 40),
  text text not null check (char_length(text) between 1 and 2000),
  goal int not null check (goal > 0),
  signature_count int not null default 0 check (signature_count >= 0),
  is_current boolean not null default false,
  created_at timestamptz not null default now()
);
create unique index pledge_campaigns_one_current on pledge_campaigns (is_current) where is_current;
comment on table pledge_campaigns is 'Pledge drives; the one marked current is shown in the app. signature_count is kept with each signature.';

create table pledge_signatures (
  campaign_id uuid not null references pledge_campaigns (id) on delete cascade,
  number int not null check (number > 0),
  user_id uuid references users (id) on delete set null,
  display_name text not null check (char_length(display_name) between 1 and 20),
  community_id uuid references communities (id) on delete set null,
  signed_at timestamptz not null default now(),
  primary key (campaign_id, number)
);
create unique index pledge_signatures_one_per_user on pledge_signatures (campaign_id, user_id);
comment on table pledge_signatures is 'One signature per user per campaign, numbered in signing order; community is taken at signing time.';

insert into participation_kinds (kind, label, points, daily_cap)
  values ('pledge_signed', '签署文明承诺', 10, null);

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
begin
  perform require_organizer(p_user_id);
  update pledge_campaigns set
    title = coalesce(p_title, title),
    text = coalesce(p_text, text),
    goal = coalesce(p_goal, goal)
  where is_current;
  if not found then
    raise exception 'not_found';
  end if;
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

-- ============================================================================
-- Closed by default
-- ============================================================================
alter table pledge_campaigns enable row level security;
alter table pledge_signatures enable row level security;

revoke all on all tables in schema public from anon, authenticated;
revoke all on all functions in schema public from public, anon, authenticated;

grant execute on function api_pledge_get(uuid) to service_role;
grant execute on function api_pledge_sign(uuid, text) to service_role;
grant execute on function api_pledge_signatures(int, int) to service_role;
grant execute on function api_pledge_update(uuid, text, text, int) to service_role;
