import Taro from '@tarojs/taro'
import { Announcement, AnnouncementsResponse, UnreadCount } from '../shared/announcements'
import { announcementsPaths, pathTo } from '../shared/paths'
import { request } from './request'

export const listAnnouncements = (cursor: string | null, limit?: number) =>
  request({ path: announcementsPaths.announcements, query: { cursor: cursor ?? undefined, limit }, schema: AnnouncementsResponse, auth: true })

/** Opens one announcement (and marks it read). */
export const getAnnouncement = (id: string) => request({ path: pathTo(announcementsPaths.announcement, { announcementId: id }), schema: Announcement, auth: true })

export const unreadCount = () => request({ path: announcementsPaths.unreadCount, schema: UnreadCount, auth: true })

/** The red number on the 首页 tab: the unread announcements, or none. */
export function showUnreadBadge(count: number) {
  // Only a tab page may set its badge; elsewhere (or in a browser without the tab bar) it is skipped.
  const call = count > 0 ? Taro.setTabBarBadge({ index: 0, text: count > 99 ? '99+' : String(count) }) : Taro.removeTabBarBadge({ index: 0 })
  void Promise.resolve(call).catch(() => undefined)
}
