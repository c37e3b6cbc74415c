import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { useState } from 'react'
import StatusView from '../../../components/status-view'
import { refusedIn, useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import { listCommunities, listSchools } from '../../../services/account'
import { findUsers, grantRole, listRoles, listUnits, revokeRole } from '../../../services/admin'
import { ScopeKind, scopeKindNames } from '../../../shared/account'
import { grantedRoleNames, type FoundUser, type GrantedRole } from '../../../shared/admin'
import './index.scss'

/** The roles, and the places a role can hold in: communities, schools, units. */
async function load() {
  const [roles, communities, schools, units] = await Promise.all([listRoles(), listCommunities(), listSchools(), listUnits()])
  if (!roles.ok) return roles
  if (!communities.ok) return communities
  if (!schools.ok) return schools
  if (!units.ok) return units
  const places: Record<Exclude<ScopeKind, 'county'>, { id: string; name: string }[]> = {
    community: communities.data.items,
    school: schools.data.items,
    unit: units.data.items,
  }
  return { ok: true as const, status: 200, data: { roles: roles.data.items, places } }
}

const roles: GrantedRole[] = ['organizer', 'admin']
const scopeKinds = ScopeKind.options

/** 角色管理 (admins): who organises where; grant and revoke, every change audited. */
export default function Roles() {
  const data = useResource(load)
  const [query, setQuery] = useState('')
  const [found, setFound] = useState<FoundUser[] | null>(null)
  const [person, setPerson] = useState<FoundUser | null>(null)
  const [role, setRole] = useState<GrantedRole>('organizer')
  const [scopeKind, setScopeKind] = useState<ScopeKind>('community')
  const [placeIndex, setPlaceIndex] = useState(0)
  const action = useAction()

  const places = scopeKind === 'county' || !data.data ? [] : data.data.places[scopeKind]

  const search = () => action.run(() => findUsers(query.trim()), { done: (users) => setFound(users.items), failed: refusedIn('没有找到') })

  const grant = () =>
    person &&
    action.run(
      () =>
        grantRole({
          userId: person.id,
          role,
          scopeKind: role === 'admin' ? 'county' : scopeKind,
          scopeId: role === 'admin' || scopeKind === 'county' ? null : (places[placeIndex]?.id ?? null),
        }),
      {
        toast: '已授予',
        done: () => {
          setPerson(null)
          setFound(null)
          return data.reload()
        },
        failed: refusedIn('没有授予成功'),
      },
    )

  const revoke = (id: number, who: string) =>
    action.run(() => revokeRole(id), {
      confirm: { title: `撤销${who}的角色?`, content: '撤销后 TA 不能再使用这个范围的组织者功能。', confirmText: '撤销' },
      toast: '已撤销',
      done: data.reload,
      failed: refusedIn('没有撤销成功'),
    })

  return (
    <View className='page roles'>
      <StatusView loading={data.loading} error={data.error} onRetry={data.reload}>
        {data.data && (
          <>
            <View className='roles__card'>
              <Text className='roles__title'>授予角色</Text>
              <Text className='roles__hint'>先请对方登录一次小程序,再按昵称找到 TA。</Text>
              <View className='roles__search'>
                <Input className='roles__input' data-testid='roles-query' value={query} placeholder='输入昵称开头' onInput={(e) => setQuery(e.detail.value)} />
                <Button className='roles__small' onClick={search}>
                  查找
                </Button>
              </View>
              {found?.length === 0 && <Text className='roles__hint'>没有找到这个昵称的居民。</Text>}
              {found?.map((user) => (
                <View key={user.id} className={`roles__person ${person?.id === user.id ? 'roles__person--chosen' : ''}`} onClick={() => setPerson(user)}>
                  <Text>{user.nickname}</Text>
                  <Text className='roles__hint'>{user.community ?? '未选社区'}</Text>
                </View>
              ))}
              {person && (
                <>
                  <Text className='roles__label'>给「{person.nickname}」</Text>
                  <Picker mode='selector' range={roles.map((r) => grantedRoleNames[r])} value={roles.indexOf(role)} onChange={(e) => setRole(roles[Number(e.detail.value)])}>
                    <View className='roles__input'>角色:{grantedRoleNames[role]}</View>
                  </Picker>
                  {role === 'organizer' && (
                    <Picker
                      mode='selector'
                      range={scopeKinds.map((k) => scopeKindNames[k])}
                      value={scopeKinds.indexOf(scopeKind)}
                      onChange={(e) => {
                        setScopeKind(scopeKinds[Number(e.detail.value)])
                        setPlaceIndex(0)
                      }}
                    >
                      <View className='roles__input'>范围:{scopeKindNames[scopeKind]}</View>
                    </Picker>
                  )}
                  {role === 'organizer' && scopeKind !== 'county' && (
                    <Picker mode='selector' range={places.map((p) => p.name)} value={placeIndex} onChange={(e) => setPlaceIndex(Number(e.detail.value))}>
                      <View className='roles__input'>{places[placeIndex]?.name ?? '请选择'}</View>
                    </Picker>
                  )}
                  <Button className={`roles__button ${action.busy ? 'is-disabled' : ''}`} disabled={action.busy || undefined} onClick={grant}>
                    授予
                  </Button>
                </>
              )}
            </View>
            <View className='roles__card'>
              <Text className='roles__title'>现有角色</Text>
              {data.data.roles.map((grant) => (
                <View key={grant.id} className='roles__grant' data-testid='role-grant'>
                  <View className='roles__grant-text'>
                    <Text>{grant.nickname ?? '已注销用户'}</Text>
                    <Text className='roles__hint'>
                      {grantedRoleNames[grant.role]} · {grant.scopeName ?? scopeKindNames[grant.scopeKind]}
                    </Text>
                  </View>
                  <Button className='roles__small' onClick={() => revoke(grant.id, grant.nickname ?? '')}>
                    撤销
                  </Button>
                </View>
              ))}
            </View>
          </>
        )}
      </StatusView>
    </View>
  )
}
