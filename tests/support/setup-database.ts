import { existsSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import type { TestProject } from 'vitest/node'
import { migrate } from '../../api/_lib/db/migrate'
import { pgliteClient } from '../../api/_lib/db/pglite'
import { contentKey, filesUnder, root } from './build'

// Vitest global setup: the embedded database, migrated and seeded once, dumped to the temp folder
// (kept there by the content of supabase/ and the lockfile, so later runs reuse it). Each test file's API starts
// from a copy (about a second) instead of a new cluster (initdb in WebAssembly: about four).
export default async function setup(project: TestProject) {
  project.provide('pgliteTemplate', await pgliteTemplate())
}

async function pgliteTemplate(): Promise<string> {
  const file = path.join(tmpdir(), `wc-pglite-${contentKey('pglite', [...filesUnder(path.join(root, 'supabase')), path.join(root, 'package-lock.json')])}.tar`)
  if (existsSync(file)) return file
  // 1 MB WAL segments instead of 16: a smaller copy to load in each file (about 0.3 s less each).
  const db = await PGlite.create({ initDbStartParams: ['--wal-segsize=1'] })
  await migrate(pgliteClient(db), { seed: true })
  const staging = `${file}.${process.pid}`
  writeFileSync(staging, Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer()))
  await db.close()
  renameSync(staging, file)
  return file
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
  }
}
