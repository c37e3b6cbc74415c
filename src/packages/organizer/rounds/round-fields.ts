import { beijingDay, beijingIso, beijingParts, type DateTime } from '../../../shared/beijing-time'
import { defaultCategories, type Round } from '../../../shared/good-people'

// A round as the form holds it (texts, Beijing dates and times) and as the API takes it.

export type TimeKey = 'nominateFrom' | 'nominateUntil' | 'voteFrom' | 'voteUntil'
export const timeFields: [TimeKey, string][] = [
  ['nominateFrom', '开始推荐'],
  ['nominateUntil', '截止推荐'],
  ['voteFrom', '开始点赞'],
  ['voteUntil', '截止点赞'],
]

export type Form = Record<TimeKey, DateTime> & {
  title: string
  description: string
  categories: string
  noticeDays: string
  dailyVoteCap: string
  roundVoteCap: string
}

export function formOf(round: Round | null): Form {
  if (!round) {
    return {
      title: '',
      description: '',
      categories: defaultCategories.join('、'),
      nominateFrom: beijingDay(1, '08:00'),
      nominateUntil: beijingDay(15, '18:00'),
      voteFrom: beijingDay(16, '08:00'),
      voteUntil: beijingDay(22, '18:00'),
      noticeDays: '7',
      dailyVoteCap: '5',
      roundVoteCap: '30',
    }
  }
  return {
    title: round.title,
    description: round.description,
    categories: round.categories.join('、'),
    nominateFrom: beijingParts(round.nominateFrom),
    nominateUntil: beijingParts(round.nominateUntil),
    voteFrom: beijingParts(round.voteFrom),
    voteUntil: beijingParts(round.voteUntil),
    noticeDays: String(round.noticeDays),
    dailyVoteCap: String(round.dailyVoteCap),
    roundVoteCap: String(round.roundVoteCap),
  }
}

/** 助人为乐、见义勇为 or 助人为乐,见义勇为 → the list, without blanks and repeats. */
const splitCategories = (text: string) => [...new Set(text.split(/[,,、;;\s]+/).map((c) => c.trim()).filter(Boolean))]

export function fieldsOf(form: Form, withCategories: boolean) {
  return {
    title: form.title,
    description: form.description,
    ...(withCategories ? { categories: splitCategories(form.categories) } : {}),
    nominateFrom: beijingIso(form.nominateFrom),
    nominateUntil: beijingIso(form.nominateUntil),
    voteFrom: beijingIso(form.voteFrom),
    voteUntil: beijingIso(form.voteUntil),
    noticeDays: Number(form.noticeDays),
    dailyVoteCap: Number(form.dailyVoteCap),
    roundVoteCap: Number(form.roundVoteCap),
  }
}
type Fields = ReturnType<typeof fieldsOf>

/** For a PATCH: only what differs from the saved round. */
export function changesOf(fields: Fields, round: Round) {
  const changes: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) {
    const saved = round[key as keyof Round]
    const same = Array.isArray(value)
      ? value.join('、') === round.categories.join('、')
      : timeFields.some(([k]) => k === key)
        ? Date.parse(value as string) === Date.parse(saved as string)
        : value === saved
    if (!same) changes[key] = value
  }
  return changes
}

const fieldHints: Record<string, string> = {
  title: '请填写评选名称(不超过 60 个字)',
  description: '评选说明请不要超过 2000 个字',
  categories: '推荐类别请填 1~12 个,每个不超过 20 个字,用顿号或逗号隔开',
  noticeDays: '公示天数请填 1~30 之间的整数',
  dailyVoteCap: '每人每天点赞次数请填 1~100 之间的整数',
  roundVoteCap: '每人本轮点赞总数请填 1~1000 之间的整数',
}
export const problemOf = (issues: { path: PropertyKey[]; message: string }[] | undefined) => {
  const issue = issues?.[0]
  return (issue && fieldHints[String(issue.path[0])]) ?? issue?.message ?? '请检查填写的内容'
}
