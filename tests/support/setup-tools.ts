import type { TestProject } from 'vitest/node'
import { provisionTools, type BrowserBinary } from './tools'

// Vitest global setup of the browser, weapp and PostgreSQL-server tests: the browser and
// PostgreSQL are found (or unpacked) first, and a run that cannot have them stops here, in its
// first seconds, with one line saying what to do. (Starting the H5 and weapp builds here, beside
// the first tests, was measured slower on 2 cores: 407 s → 447 s for the whole run.)
export default async function setup(project: TestProject) {
  project.provide('browser', await provisionTools())
}

declare module 'vitest' {
  export interface ProvidedContext {
    browser: BrowserBinary
  }
}
