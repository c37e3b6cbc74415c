import type { SqlClient } from '../../api/_lib/db/types'
import type { Attempt } from '../../src/shared/quiz'

/** Answers to an attempt's questions in their order, read from the bank as only the server can. */
export async function answersFor(sql: SqlClient, attempt: Attempt, correct = true) {
  const rows = await sql.query<{ id: string; answer_keys: string[]; options: { key: string }[] }>(
    'select id, answer_keys, options from quiz_questions where id = any($1::uuid[])',
    [`{${attempt.questions.map((q) => q.id).join(',')}}`],
  )
  return attempt.questions.map(({ id }) => {
    const row = rows.find((r) => r.id === id)!
    const wrong = row.options.map((o) => o.key).find((k) => !row.answer_keys.includes(k))!
    return { questionId: id, keys: correct ? row.answer_keys : [wrong] }
  })
}

/** Points as a finished quiz would give them: one ledger row. */
export function grantPoints(sql: SqlClient, userId: string, points: number) {
  return sql.query(
    `insert into participation (user_id, kind, points, ref_type, ref_id) values ($1, 'quiz_completed', $2, 'test', 'test')`,
    [userId, points],
  )
}
