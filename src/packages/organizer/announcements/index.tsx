import { Button, View } from '@tarojs/components'
import { useCallback, useState } from 'react'
import PagedList from '../../../components/paged-list'
import { usePagedPage } from '../../../hooks/use-paged-page'
import { manageAnnouncements } from '../../../services/organizer'
import type { AnnouncementScope, ManagedAnnouncement } from '../../../shared/announcements'
import Editor from './editor'
import NoticeRow from './notice-row'
import './index.scss'

export default function OrganizerAnnouncements() {
  const [scopes, setScopes] = useState<AnnouncementScope[]>([])
  // undefined: the list; null: a new announcement; else the one being edited.
  const [editing, setEditing] = useState<ManagedAnnouncement | null | undefined>(undefined)
  const load = useCallback(async (cursor: string | null) => {
    const result = await manageAnnouncements(cursor)
    if (result.ok) setScopes(result.data.scopes)
    return result
  }, [])
  // Back from the editor, the list loads again.
  const list = usePagedPage<ManagedAnnouncement>(load, { ready: editing === undefined })

  if (editing !== undefined) {
    return (
      <View className='page notices-admin'>
        <Editor item={editing} scopes={scopes} onDone={() => setEditing(undefined)} />
      </View>
    )
  }

  const canWrite = scopes.length > 0
  return (
    <View className='page notices-admin'>
      {canWrite && (
        <Button className='notices-admin__new' onClick={() => setEditing(null)}>
          写新公告
        </Button>
      )}
      <PagedList
        list={list}
        emptyText={canWrite || list.loading ? '还没有公告,点上面的「写新公告」开始' : '您没有可以发公告的范围(全县、社区或学校),请联系管理员。'}
      >
        {list.items.map((item) => (
          <NoticeRow key={item.id} item={item} onClick={() => setEditing(item)} />
        ))}
      </PagedList>
    </View>
  )
}
