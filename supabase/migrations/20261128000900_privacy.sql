-- 个人信息权利 (PIPL): a resident sees and exports what we hold about them, and deletes their
-- account; a guardian does the same for a child under their consent. Deletion anonymises rather
-- than breaks counts: the pledge keeps its number without the name, ledger rows lose the person,
-- nominations keep the story without the author, class and family counts stay as they were.

alter table users add column deleted_at timestamptz;
comment on column users.deleted_at is 'Set when the account was deleted: the row stays, anonymised, so that counts keep their totals.';

-- ============================================================================
-- Closed by default
-- ============================================================================
revoke all on all tables in schema public from anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
