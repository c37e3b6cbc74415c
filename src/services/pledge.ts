import { PledgeResponse, Signature, SignaturesResponse } from '../shared/pledge'
import { pledgePaths } from '../shared/paths'
import { request } from './request'

/** The campaign, the live count, and the user's own signature when logged in. */
export const getPledge = () => request({ path: pledgePaths.pledge, schema: PledgeResponse, auth: true })

export const signPledge = (displayName: string) =>
  request({ method: 'POST', path: pledgePaths.pledge, body: { displayName }, schema: Signature, auth: true })

export const listSignatures = (cursor: string | null, limit = 20) =>
  request({ path: pledgePaths.signatures, query: { limit, cursor: cursor ?? undefined }, schema: SignaturesResponse })
