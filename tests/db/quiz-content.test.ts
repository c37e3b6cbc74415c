import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../../api/_lib/db/migrate'
import { openPglite } from '../../api/_lib/db/pglite'
import type { SqlClient } from '../../api/_lib/db/types'

// The seeded learn content and question bank: enough of it, and every question answerable from
// the article it cites.
let db: SqlClient

beforeAll(async () => {
  db = await openPglite()
  await migrate(db, { seed: true })
})
afterAll(() => db.close())

interface Question {
  stem: string
  type: string
  options: { key: string; text: string }[]
  answer_keys: string[]
  explanation: string
  difficulty: number
  slug: string | null
}

describe('seeded quiz content', () => {
  it('has 15 to 25 published articles across the campaign topics', async () => {
    const articles = await db.query<{ slug: string; category: string; body: string }>('select slug, category, body from learn_articles where published')
    expect(articles.length).toBeGreaterThanOrEqual(15)
    expect(articles.length).toBeLessThanOrEqual(25)
    expect(new Set(articles.map((a) => a.category)).size).toBeGreaterThanOrEqual(6)
    for (const article of articles) expect({ slug: article.slug, long: article.body.length >= 200 }).toEqual({ slug: article.slug, long: true })
  })

  it('has at least 150 active questions of all three types, each citing an article', async () => {
    const questions = await db.query<Question>(`select q.stem, q.type, q.options, q.answer_keys, q.explanation, q.difficulty, a.slug
      from quiz_questions q left join learn_articles a on a.id = q.article_id where q.status = 'active'`)
    expect(questions.length).toBeGreaterThanOrEqual(150)
    for (const type of ['single', 'multiple', 'judge']) {
      expect(questions.filter((q) => q.type === type).length).toBeGreaterThanOrEqual(20)
    }
    for (const difficulty of [1, 2, 3]) expect(questions.some((q) => q.difficulty === difficulty)).toBe(true)
    for (const q of questions) {
      const keys = q.options.map((o) => o.key)
      const problems = [
        q.slug === null && 'cites no article',
        new Set(keys).size !== keys.length && 'duplicate option keys',
        q.answer_keys.some((k) => !keys.includes(k)) && 'answer key not among options',
        q.options.some((o) => !o.text.trim()) && 'empty option',
        q.type === 'judge' && keys.join() !== 'T,F' && 'judge options must be T,F',
        q.explanation.trim().length < 10 && 'explanation too short',
      ].filter(Boolean)
      expect({ stem: q.stem, problems }).toEqual({ stem: q.stem, problems: [] })
    }
  })

  it('gives every article at least one question', async () => {
    const bare = await db.query(`select a.slug from learn_articles a
      where a.published and not exists (select 1 from quiz_questions q where q.article_id = a.id and q.status = 'active')`)
    expect(bare).toEqual([])
  })
})
