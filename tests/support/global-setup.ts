import type { TestProject } from 'vitest/node'
import { provisionTools, type BrowserBinary } from './tools'

// Once per run, before any test file: the browser and PostgreSQL are found (or unpacked), and a
// run that cannot have them stops here, in its first seconds, with one line saying what to do.
export default async function setup(project: TestProject) {
  const { browser } = await provisionTools()
  project.provide('browser', browser)
}

declare module 'vitest' {
  export interface ProvidedContext {
    browser: BrowserBinary
  }
}
