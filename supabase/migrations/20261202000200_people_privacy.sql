
-- Students under 14 whose guardian has not yet consented: seen by nobody else (checked inline in
-- the boards, where a function call per row would not be inlined).
create index students_awaiting_consent on students (user_id) where consented_at is null;
