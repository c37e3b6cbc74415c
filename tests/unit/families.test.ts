import { describe, expect, it } from 'vitest'
import { BindStudentRequest, inviteCodeFrom, percent } from '../../src/shared/families'

describe('the invitation code on the landing page', () => {
  it.each([
    [{ code: 'ABCDE12345' }, 'ABCDE12345'],
    [{ scene: 'i%3DABCDE12345' }, 'ABCDE12345'], // from a mini-program code, URL-encoded
    [{ scene: 'i=ABCDE12345' }, 'ABCDE12345'],
    [{ scene: 'x=ABCDE12345' }, ''],
    [{}, ''],
  ])('%j → %j', (params, code) => {
    expect(inviteCodeFrom(params)).toBe(code)
  })
})

describe('binding a class', () => {
  it('accepts a code in any case and with spaces', () => {
    expect(BindStudentRequest.parse({ joinCode: ' ab12cd ', under14: true })).toEqual({ joinCode: 'AB12CD', under14: true })
  })

  it.each(['AB12C', 'AB12CDE', 'AB-2CD'])('refuses %s', (joinCode) => {
    expect(BindStudentRequest.safeParse({ joinCode, under14: false }).success).toBe(false)
  })
})

describe('percent', () => {
  it.each([
    [0, '0%'],
    [0.625, '62.5%'],
    [1, '100%'],
    [1 / 3, '33.3%'],
  ])('%f → %s', (share, text) => {
    expect(percent(share)).toBe(text)
  })
})
