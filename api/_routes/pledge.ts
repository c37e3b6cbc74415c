import { maskName } from '../../src/shared/common'
import {
  SignaturesQuery,
  SignPledgeRequest,
  UpdatePledgeRequest,
  type PublicSignature,
  type Signature,
} from '../../src/shared/pledge'
import { pledgePaths } from '../../src/shared/paths'
import { route } from '../_lib/handler'
import { pageOf, readCursor, Serial } from '../_lib/page'

export const routes = [
  route({
    method: 'GET',
    path: pledgePaths.pledge,
    auth: 'optional',
    handle: async ({ userId, runtime }) => ({ body: await runtime.db.rpc('api_pledge_get', { p_user_id: userId }) }),
  }),
  route({
    method: 'POST',
    path: pledgePaths.pledge,
    auth: 'user',
    oneCall: true,
    body: SignPledgeRequest,
    async handle({ userId, body, runtime }) {
      const result = await runtime.db.rpc<{ created: boolean; signature: Signature }>('api_pledge_sign', {
        p_user_id: userId,
        p_display_name: body.displayName,
      })
      return { status: result.created ? 201 : 200, body: result.signature }
    },
  }),
  route({
    method: 'PATCH',
    path: pledgePaths.pledge,
    auth: 'organizer',
    body: UpdatePledgeRequest,
    handle: async ({ userId, body, runtime }) => ({
      body: await runtime.db.rpc('api_pledge_update', {
        p_user_id: userId,
        p_title: body.title,
        p_text: body.text,
        p_goal: body.goal,
      }),
    }),
  }),
  route({
    method: 'GET',
    path: pledgePaths.signatures,
    auth: 'public',
    query: SignaturesQuery,
    async handle({ query, runtime }) {
      // The cursor: the number of the last signature shown.
      const [before] = readCursor(query.cursor, Serial) ?? [null]
      const { items } = await runtime.db.rpc<{ items: PublicSignature[] }>('api_pledge_signatures', {
        p_limit: query.limit,
        p_before: before,
      })
      const page = pageOf(items, query.limit, (last) => [last.number])
      return { body: { ...page, items: page.items.map((item) => ({ ...item, displayName: maskName(item.displayName) })) } }
    },
  }),
]
