import { describe, expect, it } from 'vitest'
import { rpcStatement } from '../../api/_lib/db/sql-db'

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
