-- Administration: granting and revoking organiser and admin roles, with every change kept in an
-- audit log. Used by the command-line tool (`npm run admin`) with a direct database connection;
-- none of these functions is reachable through the API.

-- ============================================================================
-- Tables
-- ============================================================================
create table audit_log (
  id bigint generated always as identity primary key,
  actor_user_id uuid references users (id) on delete set null,
  actor text not null check (char_length(actor) between 1 and 100),
  action text not null check (char_length(action) between 1 and 60),
  target jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index audit_log_time on audit_log (created_at desc);
comment on table audit_log is 'Who changed what, when: role grants and revocations (and, later, every organiser action).';

-- ============================================================================
-- Closed by default: only the database owner (the command-line tool) runs these
-- ============================================================================
alter table audit_log enable row level security;

revoke all on all tables in schema public from anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
