import { describe, expect, it } from 'vitest'
import { devLoginName, ResidentScopeKind, ScopeKind, UpdateMeRequest } from '../../src/shared/account'
import { AnnouncementScope } from '../../src/shared/announcements'
import { StatsQuery } from '../../src/shared/stats'

describe('dev login codes', () => {
  it.each([
    ['dev:alice', 'alice'],
    ['dev:组织者', '组织者'],
    ['dev:' + 'x'.repeat(32), 'x'.repeat(32)],
  ])('%s logs in as %s', (code, name) => {
    expect(devLoginName(code)).toBe(name)
  })

  it.each(['dev:', 'dev:' + 'x'.repeat(33), 'alice', '081abcWeChatCode', 'DEV:alice'])('%s is not a dev login', (code) => {
    expect(devLoginName(code)).toBeNull()
  })
})

describe('profile changes', () => {
  it('accepts any one field and trims the nickname', () => {
    expect(UpdateMeRequest.parse({ nickname: ' 老王 ' })).toEqual({ nickname: '老王' })
    expect(UpdateMeRequest.parse({ avatarUrl: 'https://example.com/a.png' })).toEqual({ avatarUrl: 'https://example.com/a.png' })
  })

  it.each([
    {},
    { nickname: '' },
    { nickname: 'x'.repeat(33) },
    { avatarUrl: 'javascript:alert(1)' },
    { communityId: 'not-a-uuid' },
  ])('refuses %j', (body) => {
    expect(UpdateMeRequest.safeParse(body).success).toBe(false)
  })
})

describe('scope kinds', () => {
  it('announcements and statistics reach every scope kind but work units', () => {
    expect(ResidentScopeKind.options).toEqual(ScopeKind.options.filter((kind) => kind !== 'unit'))
    expect(AnnouncementScope.safeParse({ kind: 'unit', id: null, name: null }).success).toBe(false)
    expect(StatsQuery.safeParse({ scope: 'school', scopeId: '00000000-0000-4000-8000-000000000001' }).success).toBe(true)
    expect(StatsQuery.safeParse({ scope: 'unit', scopeId: '00000000-0000-4000-8000-000000000001' }).success).toBe(false)
  })
})
