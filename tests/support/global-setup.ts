import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import type { TestProject } from 'vitest/node'
import { migrate } from '../../api/_lib/db/migrate'
import { pgliteClient } from '../../api/_lib/db/pglite'
import { provisionTools, type BrowserBinary } from './tools'

// Once per run, before any test file: the browser and PostgreSQL are found (or unpacked), and a
// run that cannot have them stops here, in its first seconds, with one line saying what to do.
// And the embedded database, migrated and seeded once: each test file's API starts from a copy
// (about a second) instead of a new cluster (initdb in WebAssembly: about four).
export default async function setup(project: TestProject) {
  const { browser } = await provisionTools()
  project.provide('browser', browser)
  const template = await pgliteTemplate()
  project.provide('pgliteTemplate', template)
  return () => rmSync(template, { force: true })
}

async function pgliteTemplate(): Promise<string> {
  const db = await PGlite.create()
  await migrate(pgliteClient(db), { seed: true })
  const file = path.join(tmpdir(), `wc-pglite-template-${process.pid}.tar`)
  writeFileSync(file, Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer()))
  await db.close()
  return file
}

declare module 'vitest' {
  export interface ProvidedContext {
    browser: BrowserBinary
    pgliteTemplate: string
  }
}
