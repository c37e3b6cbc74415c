import { describe, expect, it } from 'vitest'
import { mapSqlError, rpcStatement } from '../../api/_lib/db/sql-db'
import { ApiError } from '../../api/_lib/errors'

describe('rpcStatement', () => {
  it('passes every value as a parameter and leaves out undefined ones', () => {
    expect(rpcStatement('api_pledge_sign', { p_user_id: 'u', p_display_name: "x'); drop table users; --", p_skip: undefined })).toEqual({
      text: 'select api_pledge_sign(p_user_id => $1, p_display_name => $2) as result',
      values: ['u', "x'); drop table users; --"],
    })
  })

  it('hands objects to the driver unchanged, to be serialised by the parameter type', () => {
    expect(rpcStatement('f', { p_answers: [{ a: 1 }] }).values).toEqual([[{ a: 1 }]])
  })

  it.each(['drop table users; --', 'F', 'api.x', ''])('refuses the function name %j', (name) => {
    expect(() => rpcStatement(name, {})).toThrow()
  })

  it('refuses an argument name that is not an identifier', () => {
    expect(() => rpcStatement('f', { 'p_a => 1); --': 1 })).toThrow()
  })
})

describe('mapSqlError', () => {
  const unavailable = [
    ['refused (server down)', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' })],
    ['reset mid-query', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' })],
    ['any socket error', Object.assign(new Error('write EHOSTDOWN'), { code: 'EHOSTDOWN', syscall: 'write' })],
    ['closed by the driver', { code: 'CONNECTION_CLOSED', message: 'write CONNECTION_CLOSED 127.0.0.1:5432' }],
    ['connect timeout', { code: 'CONNECT_TIMEOUT', message: 'write CONNECT_TIMEOUT 127.0.0.1:5432' }],
    ['pool ended', { code: 'CONNECTION_ENDED', message: 'write CONNECTION_ENDED' }],
    ['statement timeout', { code: '57014', message: 'canceling statement due to statement timeout' }],
    ['administrator shutdown', { code: '57P01', message: 'terminating connection due to administrator command' }],
    ['starting up', { code: '57P03', message: 'the database system is starting up' }],
    ['connection failure', { code: '08006', message: 'connection failure' }],
    ['too many clients', { code: '53300', message: 'sorry, too many clients already' }],
  ] as const
  it.each(unavailable)('answers 503 unavailable when the database is unreachable or slow: %s', (_, error) => {
    const mapped = mapSqlError(error)
    expect(mapped).toBeInstanceOf(ApiError)
    expect(mapped).toMatchObject({ code: 'unavailable', status: 503, cause: error })
  })

  it('keeps domain refusals and leaves other errors as they are (a 500)', () => {
    expect(mapSqlError({ code: 'P0001', message: 'already_signed_up' })).toMatchObject({ code: 'already_signed_up', status: 409 })
    const bug = Object.assign(new Error('duplicate key value violates unique constraint "x"'), { code: '23505' })
    expect(mapSqlError(bug)).toBe(bug)
  })
})
