-- 小手牵大手: a student binds to a class with the code its school hands out, invites the family,
-- family members invite neighbours; what they all do counts toward the student, the class and
-- the school. Students under 14 appear in no ranking until a guardian consents.

-- ============================================================================
-- Tables
-- ============================================================================
alter table school_classes add column join_code text unique check (join_code ~ '^[A-Z0-9]{6}$');
update school_classes set join_code = upper(substr(md5(id::text || random()::text), 1, 6));
alter table school_classes alter column join_code set default upper(substr(md5(gen_random_uuid()::text), 1, 6));
alter table school_classes alter column join_code set not null;

create table students (
  user_id uuid primary key references users (id) on delete cascade,
  school_id uuid not null references schools (id),
  class_id uuid not null references school_classes (id),
  under_14 boolean not null,
  consented_at timestamptz,
  guardian_user_id uuid references users (id) on delete set null,
  bound_at timestamptz not null default now()
);
create index students_class on students (class_id) where consented_at is not null;
comment on table students is 'A student bound to a class by its join code. Only nickname, school and class are kept. Counted once consented_at is set (at binding from 14 on, by a guardian below).';

create table family_invites (
  user_id uuid primary key references users (id) on delete cascade,
  code text not null unique default upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 10)) check (code ~ '^[A-Z0-9]{10}$')
);
comment on table family_invites is 'The invitation code of a student or family member, carried in share cards and poster codes.';

create table family_links (
  member_user_id uuid primary key references users (id) on delete cascade,
  inviter_user_id uuid not null references users (id) on delete cascade,
  student_user_id uuid not null references students (user_id) on delete cascade,
  level int not null check (level in (1, 2)),
  created_at timestamptz not null default now(),
  check (member_user_id <> inviter_user_id and member_user_id <> student_user_id)
);
create index family_links_student on family_links (student_user_id);
comment on table family_links is 'Who brought whom: level 1 is the student''s family, level 2 a neighbour a family member invited. First attribution wins (the primary key).';

-- Per-student counts kept by a trigger on the participation ledger, so rankings read a row per
-- student instead of the ledger.
create table family_stats (
  student_user_id uuid primary key references students (user_id) on delete cascade,
  members int not null default 0,
  neighbours int not null default 0,
  signed int not null default 0,
  acts int not null default 0
);
comment on table family_stats is 'A student''s family card: family members, neighbours, how many of them signed the pledge, how many acts they did.';

-- The same counts summed per class over its consented students, so that rankings across a county
-- read a row per class. Kept by triggers on students and family_stats.
create table class_family_stats (
  class_id uuid primary key references school_classes (id) on delete cascade,
  school_id uuid not null references schools (id) on delete cascade,
  students int not null default 0,
  reached int not null default 0,
  signed_families int not null default 0,
  acts bigint not null default 0
);
create index class_family_stats_school on class_family_stats (school_id);
comment on table class_family_stats is 'Per class: consented students, how many of their families joined (reached), signed the pledge, and their acts.';

insert into participation_kinds (kind, label, points, daily_cap) values
  ('family_member_joined', '家人邻居加入', 5, 10),
  ('family_participated', '家人参与创建', 1, 20);

-- ============================================================================
-- Closed by default
-- ============================================================================
alter table students enable row level security;
alter table family_invites enable row level security;
alter table family_links enable row level security;
alter table family_stats enable row level security;
alter table class_family_stats enable row level security;

revoke all on all tables in schema public from anon, authenticated;
