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
