import { htmlToMarkup, markupToHtml } from '../../../shared/announcement-markup'
import { announcementStatusNames, type AnnouncementScope, type ManagedAnnouncement } from '../../../shared/announcements'
import { beijingDay, beijingIso, beijingLabel, beijingParts, type DateTime } from '../../../shared/beijing-time'

// An announcement as the editor holds it and as the API takes it, and its state as organisers read it.

export const isScheduled = (item: Pick<ManagedAnnouncement, 'publishAt'> | null) =>
  Boolean(item?.publishAt && Date.parse(item.publishAt) > Date.now())

/** The state organisers read: 草稿, 已发布, 定时发布 11月29日 08:00, 已撤回. */
export function statusText(item: ManagedAnnouncement) {
  if (item.status === 'published' && isScheduled(item)) return `定时发布 ${beijingLabel(item.publishAt!)}`
  return announcementStatusNames[item.status]
}

export interface Form {
  title: string
  body: string
  coverUrl: string
  scope: number
  pinned: boolean
  scheduled: boolean
  when: DateTime
}

const sameScope = (a: AnnouncementScope, b: AnnouncementScope) => a.kind === b.kind && a.id === b.id

export function formOf(item: ManagedAnnouncement | null, scopes: AnnouncementScope[]): Form {
  return {
    title: item?.title ?? '',
    body: item ? htmlToMarkup(item.body) : '',
    coverUrl: item?.coverUrl ?? '',
    scope: item ? Math.max(0, scopes.findIndex((s) => sameScope(s, item.scope))) : 0,
    pinned: item?.pinned ?? false,
    scheduled: isScheduled(item),
    when: item?.publishAt && isScheduled(item) ? beijingParts(item.publishAt) : beijingDay(1, '08:00'),
  }
}

/** What the API takes from the form; a published notice keeps its time unless it is rescheduled. */
export function fieldsOf(form: Form, scopes: AnnouncementScope[], item: ManagedAnnouncement | null) {
  const scope = scopes[form.scope]
  const keepTime = item?.status === 'published' && !isScheduled(item) && !form.scheduled
  return {
    title: form.title.trim(),
    body: markupToHtml(form.body),
    coverUrl: form.coverUrl.trim() || null,
    scopeKind: scope?.kind,
    scopeId: scope?.id ?? null,
    pinned: form.pinned,
    ...(keepTime ? {} : { publishAt: form.scheduled ? beijingIso(form.when) : null }),
  }
}
